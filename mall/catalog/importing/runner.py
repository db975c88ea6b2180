"""Drive one import job: read the file, check every row, group rows into products and write
each product in its own savepoint, committing a chunk of products at a time so the progress
page moves and a failure never takes good rows with it."""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mall.catalog import services
from mall.catalog.importing import parsing
from mall.catalog.importing.archive import ImageArchive
from mall.catalog.importing.columns import HEADERS, HeaderMap, map_headers
from mall.catalog.importing.errors import ImportFileError, RowError
from mall.catalog.importing.lookups import CatalogLookups
from mall.catalog.importing.planning import Group, check_group_rows, plan_product
from mall.catalog.importing.readers import read_table
from mall.catalog.importing.writer import CREATED, UNCHANGED, UPDATED, write_product
from mall.catalog.models import ImportJob, ImportRejection, Product, Sku
from mall.core.images import BadImage

logger = logging.getLogger(__name__)

CHUNK_PRODUCTS = 100
Progress = Callable[[int, int], None]  # (rows processed, total rows)


def run_import_job(job_id: int) -> ImportJob:
    """The worker's entry point. A job already started is left alone (redelivered message)."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job
    with (
        job.file.open("rb") as table,
        job.images.open("rb") if job.images else nullcontext() as images,
    ):
        return run_import(job, table.read(), images)


def run_import(
    job: ImportJob, data: bytes, images: BinaryIO | None = None, on_progress: Progress | None = None
) -> ImportJob:
    """Import `data` (the CSV/XLSX bytes) for `job`; a file-level problem fails the job with a
    message for the operator, row problems are recorded as rejections."""
    job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    archive = None
    try:
        archive = ImageArchive(images) if images is not None else None
        Importer(job, archive, on_progress).run(data)
    except ImportFileError as exc:
        finish(job, ImportJob.Status.FAILED, str(exc))
    except Exception:
        logger.exception("import job %s failed", job.pk)
        finish(
            job,
            ImportJob.Status.FAILED,
            _("导入时出现意外错误；已导入的行会保留。请联系技术人员。"),
        )
        raise
    finally:
        if archive is not None:
            archive.close()
    return job


def finish(job: ImportJob, status: str, message: str = "") -> None:
    job.status, job.finished_at = status, timezone.now()
    job.message = "\n".join(filter(None, [job.message, message]))
    job.save(update_fields=["status", "finished_at", "message"])


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Importer:
    def __init__(self, job: ImportJob, archive: ImageArchive | None, on_progress: Progress | None):
        self.job = job
        self.archive = archive
        self.on_progress = on_progress
        self.rejections: list[ImportRejection] = []

    def run(self, data: bytes) -> None:
        table = read_table(data, self.job.file_name)
        headers = map_headers(table.headers, shop_given=self.job.shop is not None)
        if headers.ignored:
            self.job.message = _("已忽略无法识别的列：%(columns)s") % {
                "columns": "、".join(headers.ignored)
            }
        self.job.total_rows = len(table.rows)
        self.lookups = CatalogLookups(self.job.shop, shop_only=self.job.shop_only)
        groups = self.group_rows(table.rows, headers)
        self.flush()
        for chunk in chunks(groups, CHUNK_PRODUCTS):
            with transaction.atomic():
                changed = self.import_chunk(chunk)
                if changed:
                    services.products_changed(changed)
            self.flush()
        finish(self.job, ImportJob.Status.DONE)

    def reject(self, number: int, exc: RowError) -> None:
        self.rejections.append(
            ImportRejection(
                job=self.job, row_number=number, column=exc.column, value=exc.value[:200],
                reason=exc.reason[:255],
            )
        )  # fmt: skip
        self.job.rejected_rows += 1
        self.job.processed_rows += 1

    def count(self, outcome: str) -> None:
        field = {CREATED: "created_rows", UPDATED: "updated_rows", UNCHANGED: "unchanged_rows"}
        setattr(self.job, field[outcome], getattr(self.job, field[outcome]) + 1)
        self.job.processed_rows += 1

    def flush(self) -> None:
        ImportRejection.objects.bulk_create(self.rejections)
        self.rejections = []
        self.job.save(
            update_fields=[
                "total_rows", "processed_rows", "created_rows", "updated_rows",
                "unchanged_rows", "rejected_rows", "message",
            ]
        )  # fmt: skip
        if self.on_progress:
            self.on_progress(self.job.processed_rows, self.job.total_rows)

    def group_rows(self, rows: list[tuple[int, list[str]]], headers: HeaderMap) -> list[Group]:
        """Check each row on its own, then gather rows of the same shop + 商品货号."""
        groups: dict[tuple[int, str], Group] = {}
        first_row_of_sku: dict[tuple[int, str], int] = {}
        for number, cells in rows:
            values = {
                key: cells[i] if i < len(cells) else "" for key, i in headers.positions.items()
            }
            try:
                shop = self.lookups.shop(parsing.text(values, "shop"))
                row = parsing.sku_row(number, values)
                first = first_row_of_sku.setdefault((shop.pk, row.sku_code), number)
                if first != number:
                    reason = _("SKU 编码在文件里重复（第 %(n)d 行已有）") % {"n": first}
                    raise RowError(HEADERS["sku_code"], reason, row.sku_code)
            except RowError as exc:
                self.reject(number, exc)
                continue
            group = groups.setdefault((shop.pk, row.product_code), Group(shop, row.product_code))
            group.rows.append(row)
        for group in groups.values():
            for row, exc in check_group_rows(group):
                self.reject(row.number, exc)
        return [group for group in groups.values() if group.rows]

    def import_chunk(self, chunk: list[Group]) -> list[int]:
        """Write each product of the chunk in its own savepoint; returns the changed ids."""
        products, owners = self.existing(chunk)
        changed = []
        for group in chunk:
            product = products.get((group.shop.pk, group.code))
            plan, rejected = plan_product(
                group, product, owners[group.shop.pk], self.lookups, self.archive
            )
            for row, exc in rejected:
                self.reject(row.number, exc)
            if plan is None:
                continue
            try:
                product, outcomes = write_product(plan, product)
            except (DatabaseError, ValidationError, BadImage) as exc:
                reason = _("保存失败：%(error)s") % {
                    "error": "；".join(getattr(exc, "messages", [str(exc)]))
                }
                for row in plan.rows:
                    self.reject(row.number, RowError("", reason))
                continue
            for outcome in outcomes.values():
                self.count(outcome)
            if any(outcome != UNCHANGED for outcome in outcomes.values()):
                changed.append(product.pk)
        return changed

    def existing(
        self, chunk: list[Group]
    ) -> tuple[dict[tuple[int, str], Product], dict[int, dict[str, int]]]:
        """The chunk's products already in the mall, and who owns each SKU code named."""
        product_codes, sku_codes = defaultdict(set), defaultdict(set)
        for group in chunk:
            product_codes[group.shop.pk].add(group.code)
            sku_codes[group.shop.pk].update(row.sku_code for row in group.rows)
        products: dict[tuple[int, str], Product] = {}
        owners: dict[int, dict[str, int]] = defaultdict(dict)
        for shop_id, codes in product_codes.items():
            found = Product.objects.filter(shop_id=shop_id, merchant_code__in=codes)
            for product in found.prefetch_related("specs", "params", "images", "skus"):
                products[(shop_id, product.merchant_code)] = product
            skus = Sku.objects.filter(shop_id=shop_id, merchant_code__in=sku_codes[shop_id])
            owners[shop_id] = dict(skus.values_list("merchant_code", "product_id"))
        return products, owners


def import_file(
    path: str, *, images_path: str | None = None, shop=None, on_progress: Progress | None = None
) -> ImportJob:
    """The command line's entry point: import a local file in this process."""
    job = ImportJob.objects.create(file_name=Path(path).name[:255], shop=shop)
    with (
        open(path, "rb") as table,
        open(images_path, "rb") if images_path else nullcontext() as images,
    ):
        return run_import(job, table.read(), images, on_progress)
