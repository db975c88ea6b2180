"""Resize uploaded images into thumbnails: WebP for browsers that take it, JPEG as the fallback.

A thumbnail of `products/2026/11/abc.png` at width 480 is stored beside it as
`products/2026/11/abc_w480.webp` and `..._w480.jpg`; templates build `srcset` from the names alone.
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

THUMBNAIL_WIDTHS = (240, 480, 960)
MAX_SOURCE_PIXELS = 40_000_000


class BadImage(ValueError):
    """The upload is not an image Pillow can read safely."""


def thumbnail_name(name: str, width: int, fmt: str) -> str:
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}_w{width}.{fmt}"))


def thumbnail_url(name: str, width: int, fmt: str) -> str:
    """The site-relative URL of one thumbnail of a stored image."""
    return f"{settings.MEDIA_URL}{thumbnail_name(name, width, fmt)}"


def open_image(data: bytes) -> Image.Image:
    """Open and fully decode image bytes; BadImage when corrupt, not an image or too large."""
    try:
        image = Image.open(BytesIO(data))
        if image.width * image.height > MAX_SOURCE_PIXELS:
            raise BadImage("图片尺寸过大")
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise BadImage("无法识别的图片文件") from exc
    return ImageOps.exif_transpose(image)


def encode(image: Image.Image, fmt: str) -> bytes:
    out = BytesIO()
    rgb = image.convert("RGB")
    if fmt == "webp":
        rgb.save(out, "WEBP", quality=80, method=4)
    else:
        rgb.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def make_thumbnails(name: str, storage=default_storage) -> list[str]:
    """Write every width × format thumbnail of a stored image; returns the names written."""
    with storage.open(name, "rb") as fh:
        source = open_image(fh.read())
    written = []
    for width in THUMBNAIL_WIDTHS:
        resized = source.copy()
        if resized.width > width:
            resized.thumbnail((width, width * 4), Image.Resampling.LANCZOS)
        for fmt in ("webp", "jpg"):
            target = thumbnail_name(name, width, fmt)
            if storage.exists(target):
                storage.delete(target)
            written.append(storage.save(target, ContentFile(encode(resized, fmt))))
    return written
