import time

from django.core.management.base import BaseCommand

from mall.search.services import REBUILD_BATCH, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the product search index from scratch."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=REBUILD_BATCH)

    def handle(self, *args, batch_size: int, **options):
        started = time.monotonic()
        count = rebuild_index(batch_size=max(1, batch_size))
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} products in {elapsed:.1f} s"))
