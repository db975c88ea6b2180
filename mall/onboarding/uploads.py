"""What applicants may upload: JPEG, PNG or WebP images that really decode, or PDF files, up to
5 MB each. Each refusal names the file and says what is wrong with it."""

from io import BytesIO

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from mall.catalog.services import check_image
from mall.core.images import BadImage

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
PDF_MAGIC = b"%PDF-"


class UploadRejected(ValueError):
    pass


def check_document(upload: UploadedFile) -> None:
    """A licence or an authorisation: an image or a PDF."""
    _check(upload, pdf_allowed=True)


def check_logo(upload: UploadedFile) -> None:
    _check(upload, pdf_allowed=False)


def is_pdf(name: str) -> bool:
    return name.lower().endswith(".pdf")


def _check(upload: UploadedFile, *, pdf_allowed: bool) -> None:
    name = upload.name or _("文件")
    if upload.size > MAX_UPLOAD_BYTES:
        raise UploadRejected(
            _("“%(name)s”超过 %(mb)d MB，请压缩后再上传") % {"name": name, "mb": MAX_UPLOAD_MB}
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if pdf_allowed and data.startswith(PDF_MAGIC):
        return
    if _image_format(data) not in IMAGE_FORMATS:
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


def _image_format(data: bytes) -> str | None:
    """The format the header claims (the full decode comes after)."""
    try:
        with Image.open(BytesIO(data)) as image:
            return image.format
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
