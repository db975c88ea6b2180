"""What applicants may upload: JPEG, PNG or WebP images that really decode, or PDF files, up to
5 MB each. Each refusal names the file and says what is wrong with it."""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from mall.catalog.services import check_image
from mall.core.images import BadImage

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
PDF_MAGIC = b"%PDF-"


EXTENSIONS = {"PDF": ".pdf", "JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
CONTENT_TYPES = {
    ".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
}  # fmt: skip


class UploadRejected(ValueError):
    pass


def check_document(upload: UploadedFile) -> None:
    """A licence or an authorisation: an image or a PDF."""
    _name_by_content(upload, _check(upload, pdf_allowed=True))


def check_logo(upload: UploadedFile) -> None:
    _name_by_content(upload, _check(upload, pdf_allowed=False))


def content_type(name: str) -> str:
    """What a stored file is served as: its extension was set from its content."""
    return CONTENT_TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")


def _name_by_content(upload: UploadedFile, fmt: str) -> None:
    """The extension says what the bytes are, never what the sender named them ('x.html' that
    is a PNG becomes 'x.png'), so no file is ever served as a page."""
    stem = PurePosixPath(upload.name or "file").stem[:100] or "file"
    upload.name = f"{stem}{EXTENSIONS[fmt]}"


def _check(upload: UploadedFile, *, pdf_allowed: bool) -> str:
    """The file's format (a key of EXTENSIONS), or UploadRejected saying what is wrong."""
    name = upload.name or _("文件")
    if upload.size > MAX_UPLOAD_BYTES:
        raise UploadRejected(
            _("“%(name)s”超过 %(mb)d MB，请压缩后再上传") % {"name": name, "mb": MAX_UPLOAD_MB}
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if pdf_allowed and data.startswith(PDF_MAGIC):
        return "PDF"
    fmt = _image_format(data)
    if fmt not in IMAGE_FORMATS:
        accepted = _("JPG、PNG、WebP 图片或 PDF") if pdf_allowed else _("JPG、PNG、WebP 图片")
        raise UploadRejected(
            _("“%(name)s”的格式不支持，请上传 %(accepted)s 文件")
            % {"name": name, "accepted": accepted}
        )
    try:
        check_image(data)
    except BadImage as exc:
        raise UploadRejected(
            _("“%(name)s”已损坏，无法打开，请重新导出后上传") % {"name": name}
        ) from exc
    return fmt


def _image_format(data: bytes) -> str | None:
    """The format the header claims (the full decode comes after)."""
    try:
        with Image.open(BytesIO(data)) as image:
            return image.format
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
