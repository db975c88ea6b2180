"""Images for an import arrive as one zip. It is never extracted to disk: each picture is read into
memory by name, with limits, so a hostile zip can neither write outside the media folder
(zip-slip) nor exhaust memory or disk (zip bomb)."""

import re
import zipfile
import zlib
from pathlib import PurePosixPath
from typing import BinaryIO

from django.utils.translation import gettext as _

from mall.catalog.importing.errors import ImportFileError, RowError
from mall.catalog.services import MAX_IMAGE_BYTES

MAX_ARCHIVE_BYTES = 500 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_IMAGE_RATIO = 100  # pictures hardly compress; a far higher ratio is a bomb
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
IMAGE_COLUMN = "图片"


def check_zip_limits(
    archive: zipfile.ZipFile, *, max_total_bytes: int, max_ratio: int | None = None
) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ImportFileError(_("压缩包里的文件太多（超过 %(n)d 个）") % {"n": MAX_MEMBERS})
    if sum(info.file_size for info in infos) > max_total_bytes:
        raise ImportFileError(
            _("压缩包解压后超过 %(mb)d MB") % {"mb": max_total_bytes // (1024 * 1024)}
        )
    if max_ratio and any(
        info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1)
        for info in infos
    ):
        raise ImportFileError(_("压缩包的压缩比异常，疑似“压缩炸弹”，已拒绝"))


def member_name(info: zipfile.ZipInfo) -> str:
    """Chinese Windows zips store GBK names unflagged, which Python reads as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def is_unsafe(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or bool(re.match(r"^[A-Za-z]:", name))


def lookup_key(name: str) -> str:
    return name.replace("\\", "/").strip("/").casefold()


class ImageArchive:
    """The pictures of a zip, found by their path inside it or, when unique, by file name."""

    def __init__(self, fileobj: BinaryIO):
        fileobj.seek(0, 2)
        if fileobj.tell() > MAX_ARCHIVE_BYTES:
            raise ImportFileError(_("图片压缩包不能超过 500 MB"))
        fileobj.seek(0)
        try:
            self.zip = zipfile.ZipFile(fileobj)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ImportFileError(_("图片压缩包不是有效的 zip 文件")) from exc
        check_zip_limits(self.zip, max_total_bytes=MAX_UNPACKED_BYTES, max_ratio=MAX_IMAGE_RATIO)
        self.by_path: dict[str, zipfile.ZipInfo] = {}
        self.by_file_name: dict[str, list[zipfile.ZipInfo]] = {}
        for info in self.zip.infolist():
            self._add(info)

    def _add(self, info: zipfile.ZipInfo) -> None:
        name = member_name(info)
        if is_unsafe(name):
            raise ImportFileError(_("压缩包里有不安全的路径：%(name)s") % {"name": name})
        path = PurePosixPath(lookup_key(name))
        hidden = any(part.startswith((".", "__macosx")) for part in path.parts)
        if info.is_dir() or hidden or path.suffix not in IMAGE_SUFFIXES:
            return
        self.by_path[str(path)] = info
        self.by_file_name.setdefault(path.name, []).append(info)

    def __contains__(self, name: str) -> bool:
        key = lookup_key(name)
        return key in self.by_path or len(self.by_file_name.get(key, [])) == 1

    def find(self, name: str) -> zipfile.ZipInfo:
        key = lookup_key(name)
        if key in self.by_path:
            return self.by_path[key]
        matches = self.by_file_name.get(key, [])
        if len(matches) > 1:
            raise RowError(
                IMAGE_COLUMN, _("压缩包里有多个“%(name)s”，请写出完整路径") % {"name": name}, name
            )
        if not matches:
            raise RowError(IMAGE_COLUMN, _("压缩包里没有图片“%(name)s”") % {"name": name}, name)
        return matches[0]

    def read(self, name: str) -> bytes:
        info = self.find(name)
        if info.file_size > MAX_IMAGE_BYTES:
            raise RowError(IMAGE_COLUMN, _("图片“%(name)s”超过 10 MB") % {"name": name}, name)
        try:
            with self.zip.open(info) as member:
                data = member.read(MAX_IMAGE_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, RuntimeError, OSError, EOFError) as exc:
            raise RowError(
                IMAGE_COLUMN, _("图片“%(name)s”在压缩包里已损坏或已加密") % {"name": name}, name
            ) from exc
        if len(data) > MAX_IMAGE_BYTES:
            raise RowError(IMAGE_COLUMN, _("图片“%(name)s”超过 10 MB") % {"name": name}, name)
        return data

    def close(self) -> None:
        self.zip.close()
