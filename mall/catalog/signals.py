"""What the catalog tells other apps (they connect receivers in their AppConfig.ready)."""

from django.dispatch import Signal

# product_ids=list[int]: these products' SKU prices (or SKUs) changed; sent after commit.
prices_changed = Signal()
