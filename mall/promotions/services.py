"""Every change of a promotion: saving it with its rows, starting, pausing, resuming and ending
it, reserving and giving back its budget, and materialising the catalogue prices listings show.
One transaction each, each recorded as a PromotionEvent.

After any change commits, the rules' version is bumped (every process rebuilds its cached
rules) and the products the rule covered before or covers now get their catalogue prices
recomputed. Budgets are counted with conditional UPDATEs (`spent + x <= budget`), rows locked
in id order, so concurrent checkouts never spend past a budget nor wait on each other in a
cycle."""

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.catalog.cache import bump_catalog_generation
from mall.catalog.models import Product, Sku
from mall.core.bulk import update_rows
from mall.core.richtext import sanitize_html
from mall.pricing import catalogue_price, schedule_active
from mall.pricing.breakdown import AppliedRule
from mall.pricing.rules import ANONYMOUS, CatalogueItem, CataloguePrice, Rule
from mall.promotions import selectors
from mall.promotions.errors import BudgetExhausted, PromotionError
from mall.promotions.models import (
    JointShare,
    Promotion,
    PromotionEvent,
    PromotionUsage,
    PromotionWindow,
    SpecialPrice,
)
from mall.promotions.validation import check_rows

logger = logging.getLogger(__name__)
Status = Promotion.Status
Event = PromotionEvent.Kind
KEY_PREFIX = "promotion:"
REFRESH_BATCH = 1000
REFRESH_INLINE_LIMIT = 2000  # products a request reprices itself after a rule change
# What `save_promotion` writes: never `spent` (checkouts count it) nor `status` (transitions).
GUARDED_FIELDS = {"id", "spent", "status", "created_at"}


# --- saving a rule ----------------------------------------------------------------------------


@dataclass
class RuleRows:
    """The rows beside a promotion, as unsaved instances; None = leave the saved rows."""

    windows: list[PromotionWindow] | None = None
    special_prices: list[SpecialPrice] | None = None
    joint_shares: list[JointShare] | None = None


@transaction.atomic
def save_promotion(
    promotion: Promotion, rows: RuleRows | None, *, actor=None, note: str = ""
) -> Promotion:
    """Create or update a promotion and replace the rows `rows` gives (windows, special prices,
    joint shares; None = the caller saves them itself in this transaction after checking them,
    as the admin's inlines do), after every check (ValidationError by field otherwise). Its
    budget may not drop below what is spent; a new budget counts what it already gave."""
    created = promotion.pk is None
    before_ids: list[int] | None = []
    if not created:
        current = Promotion.objects.select_for_update().get(pk=promotion.pk)
        if current.status == Status.ENDED:
            raise ValidationError(_("已结束的活动不能修改"))
        before_ids = selectors.scope_product_ids(current)
        promotion.status = _status_for_budget(current.status, promotion.budget, current.spent)
        promotion.spent = current.spent
        if current.budget is None and promotion.budget is not None:
            promotion.spent = _live_usage(promotion.pk)
    promotion.intro = sanitize_html(promotion.intro)
    promotion.slug = promotion.slug or _unique_slug(promotion.name)
    promotion.full_clean()
    if rows is not None:
        _clean_rows(promotion, rows)
    if created:
        promotion.save()
    else:
        fields = [f.name for f in Promotion._meta.concrete_fields if f.name not in GUARDED_FIELDS]
        promotion.save(update_fields=[*fields, "status", "spent"])
    if rows is not None:
        _replace_rows(promotion, rows)
    _record(promotion, Event.CREATED if created else Event.UPDATED, actor, note)
    _after_change(promotion, before_ids)
    return promotion


def _status_for_budget(status: str, budget: int | None, spent: int) -> str:
    """A running campaign whose budget is now all spent is exhausted; an exhausted one with
    budget again runs."""
    if status == Status.RUNNING and budget is not None and spent >= budget:
        return Status.EXHAUSTED
    if status == Status.EXHAUSTED and (budget is None or spent < budget):
        return Status.RUNNING
    return status


def _live_usage(promotion_id: int) -> int:
    usages = PromotionUsage.objects.filter(promotion_id=promotion_id, released_at__isnull=True)
    return usages.aggregate(total=Sum("amount"))["total"] or 0


def _unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=False)[:40] or "campaign"
    slug, n = base, 1
    while Promotion.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _clean_rows(promotion: Promotion, rows: RuleRows) -> None:
    errors: list[str] = []
    for row in [*(rows.windows or []), *(rows.special_prices or [])]:
        try:
            row.full_clean(exclude=["promotion"])
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    specials = rows.special_prices
    special_sku_ids = (
        [sp.sku_id for sp in specials]
        if specials is not None
        else list(promotion.special_prices.values_list("sku_id", flat=True))
        if promotion.pk
        else []
    )
    shares = rows.joint_shares
    pairs = (
        [(share.shop_id, share.share_bp) for share in shares]
        if shares is not None
        else list(promotion.joint_shares.values_list("shop_id", "share_bp"))
        if promotion.pk
        else []
    )
    check_rows(promotion, special_sku_ids=special_sku_ids, shares=pairs)


def _replace_rows(promotion: Promotion, rows: RuleRows) -> None:
    for model, new in (
        (PromotionWindow, rows.windows),
        (SpecialPrice, rows.special_prices),
        (JointShare, rows.joint_shares),
    ):
        if new is None:
            continue
        model.objects.filter(promotion=promotion).delete()
        for row in new:
            row.pk = None
            row.promotion = promotion
        model.objects.bulk_create(new)


# --- state changes ----------------------------------------------------------------------------

TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    # action: (from states, to state, event)
    "start": ((Status.DRAFT,), Status.RUNNING, Event.STARTED),
    "pause": ((Status.RUNNING,), Status.PAUSED, Event.PAUSED),
    "resume": ((Status.PAUSED,), Status.RUNNING, Event.RESUMED),
    "end": (
        (Status.DRAFT, Status.RUNNING, Status.PAUSED, Status.EXHAUSTED),
        Status.ENDED,
        Event.ENDED,
    ),
}
REFUSALS = {
    "start": gettext_lazy("只有草稿可以开始"),
    "pause": gettext_lazy("只有进行中的活动可以暂停"),
    "resume": gettext_lazy("只有已暂停的活动可以恢复"),
    "end": gettext_lazy("活动已经结束"),
}


@transaction.atomic
def change_status(promotion: Promotion, action: str, *, actor=None, note: str = "") -> Promotion:
    """start (草稿 → 进行中, after every check again: a gift may have sold out since), pause,
    resume or end; a conditional UPDATE, so two operators cannot both move it."""
    sources, target, event = TRANSITIONS[action]
    current = Promotion.objects.select_for_update().get(pk=promotion.pk)
    if current.status not in sources:
        raise PromotionError(
            _("“%(name)s”当前%(status)s：%(refusal)s")
            % {"name": current.name, "status": current.get_status_display(),
               "refusal": REFUSALS[action]}
        )  # fmt: skip
    if action == "start":
        try:
            current.full_clean()
        except ValidationError as exc:
            raise PromotionError("；".join(exc.messages)) from exc
    if action in ("start", "resume"):
        target = _status_for_budget(Status.RUNNING, current.budget, current.spent)
    Promotion.objects.filter(pk=current.pk).update(status=target, updated_at=timezone.now())
    current.status = target
    _record(current, event, actor, note)
    _after_change(current, [])
    return current


def start(promotion: Promotion, *, actor=None) -> Promotion:
    return change_status(promotion, "start", actor=actor)


def pause(promotion: Promotion, *, actor=None) -> Promotion:
    return change_status(promotion, "pause", actor=actor)


def resume(promotion: Promotion, *, actor=None) -> Promotion:
    return change_status(promotion, "resume", actor=actor)


def end(promotion: Promotion, *, actor=None) -> Promotion:
    return change_status(promotion, "end", actor=actor)


def end_expired(now=None) -> list[int]:
    """Promotions past their end time are marked ended (one transaction each)."""
    now = now or timezone.now()
    due = Promotion.objects.filter(
        status__in=(Status.RUNNING, Status.PAUSED, Status.EXHAUSTED), ends_at__lte=now
    )
    ended = []
    for promotion in due.order_by("pk"):
        try:
            change_status(promotion, "end", note=_("到期自动结束"))
        except PromotionError:  # ended by someone else meanwhile
            continue
        ended.append(promotion.pk)
    return ended


def _record(promotion: Promotion, kind: str, actor, note: str) -> None:
    actor = actor if getattr(actor, "is_authenticated", False) else None
    PromotionEvent.objects.create(promotion=promotion, kind=kind, actor=actor, note=note[:200])


def _after_change(promotion: Promotion, before_ids: list[int] | None) -> None:
    """On commit: every process rebuilds its rules, and the products the rule covered before
    or covers now (its rows saved by then) get their catalogue prices again — right away for
    up to REFRESH_INLINE_LIMIT products, through the worker for more. Inside
    `repricing_once()` the change waits for the others."""
    batch = _batched.get()
    if batch is not None:
        batch.append((promotion, before_ids))
    else:
        transaction.on_commit(lambda: _refresh_after([(promotion, before_ids)]))


Change = tuple[Promotion, list[int] | None]
_batched: ContextVar[list[Change] | None] = ContextVar("promotion_changes", default=None)


@contextmanager
def repricing_once() -> Iterator[None]:
    """Rule changes made inside reprice the products they touch together, once, after it ends
    (the demo starts fifteen campaigns over the whole catalogue: one by one, each repriced all
    of it). Nothing is repriced if the block fails."""
    changes: list[Change] = []
    token = _batched.set(changes)
    try:
        yield
    finally:
        _batched.reset(token)
    if changes:
        transaction.on_commit(lambda: _refresh_after(changes))


def _refresh_after(changes: list[Change]) -> None:
    from mall.promotions.tasks import refresh_products

    selectors.bump_rules_version()
    touched: set[int] | None = set()
    for promotion, before_ids in changes:
        after_ids = selectors.scope_product_ids(promotion)
        if before_ids is None or after_ids is None:
            touched = None
            break
        touched.update(before_ids, after_ids)
    count = Product.objects.count() if touched is None else len(touched)
    if count <= REFRESH_INLINE_LIMIT:
        try:
            refresh_catalogue_prices(None if touched is None else sorted(touched))
        except Exception:  # the periodic refresh catches up; the change itself is saved
            keys = ", ".join(promotion.key for promotion, _ids in changes)
            logger.exception("promotions: refreshing prices after %s failed", keys)
    else:
        refresh_products.delay(None if touched is None else sorted(touched))


# --- budgets ----------------------------------------------------------------------------------


def promotion_id(key: str) -> int | None:
    """12 for "promotion:12"; None for coupons, price lists and anything else."""
    if not key.startswith(KEY_PREFIX):
        return None
    tail = key.removeprefix(KEY_PREFIX)
    return int(tail) if tail.isdigit() else None


def reserve_budgets(
    applied: Sequence[AppliedRule], *, order_ids_by_shop: Mapping[int, int]
) -> None:
    """Inside the checkout transaction: record what each promotion gave each order, and take
    it from the promotion's budget when it has one — a conditional UPDATE per promotion in id
    order, refused with BudgetExhausted (the caller's transaction rolls back) when the budget
    left is smaller. A promotion whose budget is now all spent stops (exhausted)."""
    totals: dict[int, int] = defaultdict(int)
    usages: list[PromotionUsage] = []
    for rule in applied:
        pk = promotion_id(rule.key)
        if pk is None or rule.amount <= 0:
            continue
        totals[pk] += rule.amount
        usages.extend(_usages(pk, rule, order_ids_by_shop))
    if not totals:
        return
    budgeted = dict(
        Promotion.objects.filter(pk__in=totals, budget__isnull=False).values_list("pk", "name")
    )
    for pk in sorted(budgeted):
        _take_budget(pk, budgeted[pk], totals[pk])
    PromotionUsage.objects.bulk_create(usages)


def _usages(
    pk: int, rule: AppliedRule, order_ids_by_shop: Mapping[int, int]
) -> list[PromotionUsage]:
    """One row per order the rule gave to (a rule without a split goes on the first order)."""
    by_shop = {shop: amount for shop, amount in rule.by_shop.items() if amount > 0}
    if not by_shop:
        by_shop = {min(order_ids_by_shop): rule.amount}
    return [
        PromotionUsage(promotion_id=pk, order_id=order_ids_by_shop[shop], amount=amount)
        for shop, amount in sorted(by_shop.items())
    ]


def _take_budget(pk: int, name: str, amount: int) -> None:
    taken = Promotion.objects.filter(pk=pk, spent__lte=F("budget") - amount).update(
        spent=F("spent") + amount
    )
    if not taken:
        selectors.bump_rules_version()  # the next pricing sees what is really left
        raise BudgetExhausted(
            _("「%(name)s」的优惠名额已用完，请刷新后重新下单") % {"name": name},
            promotion_id=pk,
        )
    exhausted = Promotion.objects.filter(pk=pk, status=Status.RUNNING, spent__gte=F("budget"))
    if exhausted.update(status=Status.EXHAUSTED):
        PromotionEvent.objects.create(promotion_id=pk, kind=Event.EXHAUSTED)
        # listings catch up on the next periodic refresh (refresh_due_prices sees the rule go)
        transaction.on_commit(selectors.bump_rules_version)


@transaction.atomic
def release_for_orders(order_ids: Sequence[int]) -> None:
    """Cancelled unpaid orders give their usage back (to the budget, when there is one). A
    usage is given back once: a second call finds it released."""
    usages = PromotionUsage.objects.select_for_update().filter(
        order_id__in=list(order_ids), released_at__isnull=True
    )
    rows = list(usages.order_by("pk").values_list("pk", "promotion_id", "amount"))
    if not rows:
        return
    PromotionUsage.objects.filter(pk__in=[pk for pk, _p, _a in rows]).update(
        released_at=timezone.now()
    )
    totals: dict[int, int] = defaultdict(int)
    for _pk, promotion_pk, amount in rows:
        totals[promotion_pk] += amount
    budgeted = Promotion.objects.filter(pk__in=totals, budget__isnull=False)
    for pk in sorted(budgeted.values_list("pk", flat=True)):
        Promotion.objects.filter(pk=pk).update(spent=F("spent") - totals[pk])
        replenished = Promotion.objects.filter(
            pk=pk, status=Status.EXHAUSTED, spent__lt=F("budget")
        ).update(status=Status.RUNNING)
        if replenished:
            PromotionEvent.objects.create(promotion_id=pk, kind=Event.REPLENISHED)
    transaction.on_commit(selectors.bump_rules_version)


# --- materialised catalogue prices ------------------------------------------------------------

PRODUCT_PROMO_FIELDS = ["promo_price_min", "promo_until", "promo_badge", "promo_tags"]
PRODUCT_COLUMNS = ("pk", "shop_id", "category_id", "brand_id", "is_new", "is_hot",
                   "is_recommended", *PRODUCT_PROMO_FIELDS)  # fmt: skip


def refresh_catalogue_prices(product_ids: Iterable[int] | None = None) -> int:
    """Write each SKU's public promotion price now (`Sku.promo_price`, None when no rule cuts
    it) and its product's lowest one, its end, badge and tags, for `product_ids` (None = every
    product). Products shoppers cannot see get none. Batches of REFRESH_BATCH products, one
    transaction each, and only rows that change are written; cached pages are dropped when
    any did. Returns how many products changed."""
    now = timezone.now()
    # what is not running now applies to no item: checked once here instead of once per SKU
    rules = tuple(r for r in selectors.active_rules() if schedule_active(r.schedule, now))
    pricer = _Pricer(rules, now, selectors.category_paths())
    products = Product.objects.all()
    if product_ids is not None:
        products = products.filter(pk__in=sorted(set(product_ids)))
    pks = list(products.order_by("pk").values_list("pk", flat=True))
    changed = sum(
        _refresh_batch(pks[start : start + REFRESH_BATCH], pricer)
        for start in range(0, len(pks), REFRESH_BATCH)
    )
    if changed:
        bump_catalog_generation()
    return changed


@dataclass(frozen=True)
class _Pricer:
    """Prices one product's SKUs as a listing shows them: anonymous shopper, at `now`."""

    rules: tuple[Rule, ...]
    now: datetime
    paths: Mapping[int, tuple[int, ...]]

    def skus(self, product: Product, skus: list[Sku]) -> dict[int, CataloguePrice]:
        path = self.paths.get(product.category_id, (product.category_id,))
        items = (
            CatalogueItem(
                sku_id=sku.pk, product_id=product.pk, shop_id=product.shop_id,
                category_path=path, brand_id=product.brand_id, unit_price=sku.price,
                tags=product.tags,
            )
            for sku in skus
            if sku.is_active
        )  # fmt: skip
        return {
            item.sku_id: catalogue_price(item, self.rules, self.now, ANONYMOUS) for item in items
        }


@transaction.atomic
def _refresh_batch(batch: list[int], pricer: _Pricer) -> int:
    """Reprice one batch; how many of its products changed (their own columns or a SKU's)."""
    visible = set(Product.objects.visible().filter(pk__in=batch).values_list("pk", flat=True))
    skus_of: dict[int, list[Sku]] = defaultdict(list)
    sku_rows = Sku.objects.filter(product_id__in=batch).only(
        "pk", "product_id", "price", "promo_price", "is_active"
    )
    for sku in sku_rows.order_by("pk"):
        skus_of[sku.product_id].append(sku)
    changed_products, changed_skus, changed = [], [], 0
    for product in Product.objects.filter(pk__in=batch).only(*PRODUCT_COLUMNS):
        skus = skus_of[product.pk]
        priced = pricer.skus(product, skus) if product.pk in visible else {}
        sku_changes = [sku for sku in skus if _set_sku(sku, priced.get(sku.pk))]
        product_changed = _set_product(product, skus, priced)
        changed_skus.extend(sku_changes)
        changed_products.extend([product] if product_changed else [])
        changed += bool(sku_changes or product_changed)
    update_rows(changed_skus, ["promo_price"])
    update_rows(changed_products, PRODUCT_PROMO_FIELDS)
    return changed


def _cut(priced: CataloguePrice | None) -> int | None:
    if priced is None or priced.unit_price >= priced.list_price:
        return None
    return priced.unit_price


def _set_sku(sku: Sku, priced: CataloguePrice | None) -> bool:
    promo = _cut(priced)
    if sku.promo_price == promo:
        return False
    sku.promo_price = promo
    return True


def _set_product(product: Product, skus: list[Sku], priced: dict[int, CataloguePrice]) -> bool:
    """The lowest price any on-sale SKU sells for now when some SKU has a promotion price,
    the badge and end of that cut, and every tag of its SKUs."""
    cuts = [(priced[s.pk].unit_price, s.pk) for s in skus if _cut(priced.get(s.pk)) is not None]
    values: dict = {"promo_price_min": None, "promo_until": None, "promo_badge": {}}
    if cuts:
        best = priced[min(cuts)[1]]
        lowest = min(p.unit_price for p in priced.values())
        values = {
            "promo_price_min": lowest,
            "promo_until": best.ends_at,
            "promo_badge": {"code": best.code, "params": dict(best.params)},
        }
    values["promo_tags"] = sorted({tag for p in priced.values() for tag in p.tags})
    if all(getattr(product, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(product, name, value)
    return True
