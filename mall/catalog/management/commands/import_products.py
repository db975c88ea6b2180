"""python manage.py import_products FILE [--images ZIP] [--shop SLUG]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from tqdm import tqdm

from mall.catalog.importing.runner import import_file
from mall.catalog.models import ImportJob
from mall.merchants.models import Shop

SHOWN_REJECTIONS = 100


class Command(BaseCommand):
    help = "从 CSV 或 XLSX 文件批量导入商品（一行一个 SKU），可附带图片压缩包；详见 docs/import.md"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV 或 XLSX 文件")
        parser.add_argument("--images", help="图片压缩包（zip），文件“图片”列写包里的文件名")
        parser.add_argument("--shop", help="默认店铺的网址标识：“店铺”列为空时使用")

    def handle(self, *args, file: str, images: str | None, shop: str | None, **options):
        for path in filter(None, [file, images]):
            if not Path(path).is_file():
                raise CommandError(f"找不到文件：{path}")
        default_shop = None
        if shop:
            default_shop = Shop.objects.filter(slug=shop).first()
            if default_shop is None:
                raise CommandError(f"找不到店铺：{shop}")
        with tqdm(desc="导入", unit="行", file=sys.stderr, delay=1) as bar:

            def on_progress(processed: int, total: int) -> None:
                bar.total = total
                bar.update(processed - bar.n)

            job = import_file(file, images_path=images, shop=default_shop, on_progress=on_progress)
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(job.message)
        self.report(job)

    def report(self, job: ImportJob) -> None:
        if job.message:
            self.stdout.write(self.style.WARNING(job.message))
        self.stdout.write(
            f"共 {job.total_rows} 行：新建 {job.created_rows}，更新 {job.updated_rows}，"
            f"未变 {job.unchanged_rows}，拒绝 {job.rejected_rows}"
        )
        rejections = list(job.rejections.all()[:SHOWN_REJECTIONS])
        for rejection in rejections:
            column = f"[{rejection.column}] " if rejection.column else ""
            value = f"（{rejection.value}）" if rejection.value else ""
            self.stdout.write(
                self.style.ERROR(f"第 {rejection.row_number} 行 {column}{rejection.reason}{value}")
            )
        if job.rejected_rows > len(rejections):
            url = reverse("admin:catalog_product_import_progress", args=[job.pk])
            self.stdout.write(
                f"……还有 {job.rejected_rows - len(rejections)} 行被拒绝，完整报告见后台 {url}"
            )
        style = self.style.WARNING if job.rejected_rows else self.style.SUCCESS
        self.stdout.write(style(f"导入完成（任务 #{job.pk}）"))
