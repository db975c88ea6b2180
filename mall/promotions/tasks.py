"""Periodic work of promotions (scheduled through settings.PERIODIC_TASKS, every 60 s)."""

from datetime import datetime

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from mall.pricing import next_change, schedule_active
from mall.promotions import selectors, services
from mall.promotions.models import Promotion

STATE_KEY = "promotions:due-state"


@shared_task(ignore_result=True)
def refresh_due_prices() -> int:
    """Listings show promotion prices materialised per SKU, so when a time slot or schedule
    opens or closes (or a rule stops: ended, exhausted) its products are priced again. The
    last run's time and which rules were in force are kept in the cache; without them (first
    run, cache lost) every product is refreshed. Returns how many products changed."""
    services.end_expired()
    return refresh_flipped(timezone.now())


@shared_task(ignore_result=True)
def refresh_products(product_ids: list[int] | None) -> int:
    """A rule change's repricing too large for the request (None = every product)."""
    return services.refresh_catalogue_prices(product_ids)


def refresh_flipped(now: datetime) -> int:
    """Reprice the products of rules that started or stopped applying since the last run."""
    rules = selectors.active_rules()
    in_force = {rule.key for rule in rules if schedule_active(rule.schedule, now)}
    state = cache.get(STATE_KEY)
    cache.set(STATE_KEY, {"run": now, "in_force": sorted(in_force)}, timeout=None)
    if state is None:
        return services.refresh_catalogue_prices()
    last_run, before = state["run"], set(state["in_force"])
    keys = in_force ^ before
    keys |= {
        rule.key
        for rule in rules
        if (moment := next_change((rule,), last_run)) is not None and moment <= now
    }
    if not keys:
        return 0
    return services.refresh_catalogue_prices(_products_of(keys))


def _products_of(keys: set[str]) -> list[int] | None:
    """The products these rules cover (None = every product)."""
    pks = [pk for key in keys if (pk := services.promotion_id(key)) is not None]
    product_ids: set[int] = set()
    for promotion in Promotion.objects.filter(pk__in=pks):
        ids = selectors.scope_product_ids(promotion)
        if ids is None:
            return None
        product_ids.update(ids)
    return sorted(product_ids)
