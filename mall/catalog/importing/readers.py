"""Read a CSV or XLSX file into a header and rows of plain strings.

CSV may be UTF-8 (with or without BOM), GBK/GB18030 (what Chinese Excel saves) or UTF-16 (Excel's
"Unicode text"); comma- or tab-separated. XLSX numbers are turned into text without going through
binary float noise, so `59.9` stays `59.9`.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from mall.catalog.importing.archive import check_zip_limits
from mall.catalog.importing.errors import ImportFileError

MAX_TABLE_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 50_000
TABLE_SUFFIXES = (".csv", ".xlsx")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)


def read_table(data: bytes, file_name: str) -> Table:
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise ImportFileError(
            _("只支持 CSV 和 XLSX 文件，收到的是“%(name)s”") % {"name": file_name}
        )
    if len(data) > MAX_TABLE_BYTES:
        raise ImportFileError(_("文件不能超过 20 MB，请拆分后再导入"))
    if not data.strip():
        raise ImportFileError(_("文件是空的"))
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(_("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV"))
    if suffix == ".xlsx":
        records = xlsx_records(data)
    elif data.startswith(ZIP_MAGIC):
        raise ImportFileError(_("这是一个 Excel 文件，请把扩展名改为 .xlsx，或另存为 CSV"))
    else:
        records = csv_records(decode_text(data))
    return to_table(records)


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise ImportFileError(_("无法识别文件编码，请把 CSV 保存为 UTF-8 或 GBK 编码"))


def csv_records(text: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("CSV 格式有误：%(error)s") % {"error": exc}) from exc


def xlsx_records(data: bytes) -> list[list[str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip_limits(archive, max_total_bytes=MAX_XLSX_UNPACKED_BYTES)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFileError(
            _("无法读取这个 XLSX 文件，请确认它是 Excel 2007 及以后的格式")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        return [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person typed. Like Excel, numbers show 15 significant
    digits, so binary noise such as 0.30000000000000004 reads as 0.3."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def to_table(records: list[list[str]]) -> Table:
    numbered = [
        (number, [cell.strip() for cell in record])
        for number, record in enumerate(records, start=1)
    ]
    numbered = [(number, cells) for number, cells in numbered if any(cells)]
    if not numbered:
        raise ImportFileError(_("文件是空的"))
    (_header_number, headers), *rows = numbered
    if not rows:
        raise ImportFileError(_("文件里只有表头，没有商品行"))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("文件有 %(count)d 行，超过了 %(limit)d 行，请拆分后再导入")
            % {"count": len(rows), "limit": MAX_ROWS}
        )
    return Table(headers=headers, rows=rows)
