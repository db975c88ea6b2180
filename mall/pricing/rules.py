"""What the promotion layers price with: the shopper, price lists, rules and coupons.

Plain frozen values, built by the Django side (membership, promotions, coupons selectors) and
read by the engine; nothing here touches a database. Amounts are integer fen, rates are basis
points (`discount_bp=2000` takes 20 % off, i.e. 8折). Times are aware datetimes; recurring
windows are wall-clock times in Asia/Shanghai.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
BASIS_POINTS = 10_000


class Layer(StrEnum):
    """The order the layers run in; each layer's base is what the previous one left."""

    GROUP = "group"  # channel / customer-group price list, ladder prices (阶梯价)
    MEMBER = "member"  # member-level prices (会员价)
    CATALOGUE = "catalogue"  # time-slot, special price, percent / amount off a product
    ORDER = "order"  # 满减, 满折, 买赠, 第N件, joint promotions
    COUPON = "coupon"
    SHIPPING = "shipping"  # free shipping (包邮) rules and coupons


# --- who is buying ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shopper:
    """The buyer as pricing sees them. `member_rank` 0 = ordinary; higher ranks are higher
    levels (银卡 1, 金卡 2 …). `group` is a customer-group code ("agent", "wholesaler",
    "dealer", "retail") or None. `cumulative_spend` is paid spend in fen."""

    member_rank: int = 0
    group: str | None = None
    tags: frozenset[str] = frozenset()
    cumulative_spend: int = 0
    is_new: bool = True  # has never paid for an order (新人)


ANONYMOUS = Shopper()


# --- price lists (layers GROUP and MEMBER) ----------------------------------------------------


@dataclass(frozen=True)
class GroupPrice:
    """A customer group's unit price of a SKU from `min_quantity` pieces on (a ladder is several
    rows of one SKU and group with rising `min_quantity`)."""

    sku_id: int
    group: str
    unit_price: int
    min_quantity: int = 1


@dataclass(frozen=True)
class MemberPrice:
    """A SKU's 会员价 for members of `min_rank` and above (the highest rank that applies wins)."""

    sku_id: int
    min_rank: int
    unit_price: int


@dataclass(frozen=True)
class MinimumQuantity:
    """A group must buy at least `quantity` of this SKU on one line (起订量)."""

    sku_id: int
    group: str
    quantity: int


PriceListEntry = GroupPrice | MemberPrice | MinimumQuantity


# --- where, who and when a rule applies -------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which lines a rule or coupon applies to. Every non-empty set must match (shop 3 AND
    category 7); all sets empty = every line. A category matches the line's category or any
    of its ancestors (`PricingLine.category_path`)."""

    shop_ids: frozenset[int] = frozenset()
    category_ids: frozenset[int] = frozenset()
    brand_ids: frozenset[int] = frozenset()
    product_ids: frozenset[int] = frozenset()
    sku_ids: frozenset[int] = frozenset()
    tags: frozenset[str] = frozenset()  # product tags, any of them
    excluded_product_ids: frozenset[int] = frozenset()


EVERYTHING = Scope()


@dataclass(frozen=True)
class Audience:
    """Who may have a rule. Empty sets = anyone; `min_member_rank` 0 = members or not."""

    min_member_rank: int = 0
    groups: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()  # shopper tags, any of them
    new_shoppers_only: bool = False


EVERYONE = Audience()


@dataclass(frozen=True)
class Window:
    """A recurring wall-clock window in Asia/Shanghai, start ≤ t < end, on `weekdays`
    (0 = Monday … 6 = Sunday; empty = every day). `end` > `start`: no window crosses midnight
    (split it in two)."""

    start: time
    end: time
    weekdays: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Schedule:
    """When a rule runs: from `starts_at` (None = already) until `ends_at` (None = no end),
    and, when `windows` is not empty, only inside one of them."""

    starts_at: datetime | None = None
    ends_at: datetime | None = None
    windows: tuple[Window, ...] = ()


ALWAYS = Schedule()

Party = int | None  # a shop id, or None for the platform


@dataclass(frozen=True)
class RuleBase:
    """What every promotion rule has.

    `key` identifies it in adjustments and usage ("promotion:12"). `shop_id` set = a shop's own
    rule: it applies only to that shop's lines and the shop funds it; None = a platform rule,
    funded as `funding` says. `funding` splits the cost between parties by basis points (they
    add up to 10,000); empty = the rule's owner pays all (the shop, or the platform). A joint
    promotion names several shops. Rules sharing an `exclusive_group` exclude each other within
    their layer (the engine picks what is best for the shopper; `priority`, higher first,
    breaks ties); rules without a group stack. `budget_left` None = no budget; otherwise the
    rule gives at most that many fen in this pricing.
    """

    key: str
    name: str
    scope: Scope = EVERYTHING
    audience: Audience = EVERYONE
    schedule: Schedule = ALWAYS
    shop_id: int | None = None
    funding: tuple[tuple[Party, int], ...] = ()
    exclusive_group: str | None = None
    priority: int = 0
    budget_left: int | None = None


# --- catalogue layer --------------------------------------------------------------------------


class CatalogueKind(StrEnum):
    PERCENT = "percent"  # discount_bp off the unit price (8折)
    AMOUNT = "amount"  # amount fen off each unit (立减)
    SPECIAL = "special"  # special_prices[sku_id] is the unit price (特价)


@dataclass(frozen=True)
class CatalogueRule(RuleBase):
    """A price cut on products: a time-slot discount is one with `schedule.windows`."""

    kind: CatalogueKind = CatalogueKind.PERCENT
    discount_bp: int = 0
    amount: int = 0
    special_prices: Mapping[int, int] = field(default_factory=dict)


# --- order layer ------------------------------------------------------------------------------


class Basis(StrEnum):
    AMOUNT = "amount"  # the matching lines' amount (after the layers before) in fen
    QUANTITY = "quantity"  # the matching lines' number of pieces


@dataclass(frozen=True)
class Tier:
    """Reached when the basis is at least `threshold`; `value` is fen off (满减) or basis
    points off (满折) by the rule's kind."""

    threshold: int
    value: int


class OrderKind(StrEnum):
    REDUCTION = "reduction"  # 满减: tiers of (threshold, fen off); `repeat` = 每满 X 减 Y
    DISCOUNT = "discount"  # 满折: tiers of (threshold, basis points off)
    GIFT = "gift"  # 买赠: reach tiers[0].threshold, get gift_quantity of gift_sku_id free
    NTH_ITEM = "nth_item"  # 第N件: every nth piece of a line gets discount_bp off


@dataclass(frozen=True)
class OrderRule(RuleBase):
    """A promotion on what the matching lines reach together. With `shop_id` set it counts one
    shop's lines; a platform rule counts the matching lines of every shop (跨店满减)."""

    kind: OrderKind = OrderKind.REDUCTION
    basis: Basis = Basis.AMOUNT
    tiers: tuple[Tier, ...] = ()
    repeat: bool = False
    repeat_cap: int | None = None  # at most this many fen off when repeating
    gift_sku_id: int | None = None
    gift_shop_id: int | None = None
    gift_quantity: int = 1
    nth: int = 2
    discount_bp: int = 0


# --- shipping layer ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ShippingRule(RuleBase):
    """包邮: a shop's freight is waived when its matching lines reach `threshold` on `basis`
    (threshold 0 = always), for deliveries to `region_prefixes` (empty = everywhere; "31" =
    上海市)."""

    basis: Basis = Basis.AMOUNT
    threshold: int = 0
    region_prefixes: tuple[str, ...] = ()


Rule = CatalogueRule | OrderRule | ShippingRule


# --- coupons ----------------------------------------------------------------------------------


class CouponKind(StrEnum):
    AMOUNT = "amount"  # `amount` fen off (a threshold makes it 满X减Y)
    PERCENT = "percent"  # `discount_bp` off, at most `cap` fen
    FREE_SHIPPING = "free_shipping"  # waives the freight of the shops it applies to


@dataclass(frozen=True)
class Coupon:
    """One coupon in the shopper's wallet. `shop_id` None = a platform coupon (funded by the
    platform), otherwise a shop's coupon (funded by the shop) valid on that shop's lines only.
    An order uses at most one platform coupon and one coupon per shop; a coupon that is not
    `stackable` is used alone. `threshold` is reached by the in-scope lines' amount after the
    order layer."""

    id: int
    name: str
    kind: CouponKind
    amount: int = 0
    discount_bp: int = 0
    cap: int | None = None
    threshold: int = 0
    scope: Scope = EVERYTHING
    shop_id: int | None = None
    stackable: bool = True
    valid_from: datetime | None = None
    valid_until: datetime | None = None


# --- what listing pages show ------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueItem:
    """A SKU as a listing sees it, to price for an anonymous shopper (materialised per SKU)."""

    sku_id: int
    product_id: int
    shop_id: int
    category_path: tuple[int, ...]
    brand_id: int | None
    unit_price: int
    tags: frozenset[str] = frozenset()

    @property
    def categories(self) -> tuple[int, ...]:
        return self.category_path


@dataclass(frozen=True)
class CataloguePrice:
    """An item's public price now: `unit_price` after the catalogue layer (== the list price
    when nothing applies), the rule that set it (`key`, `label` code and params for wording),
    `ends_at` of the window or schedule that price lasts until (for a countdown), and `tags`:
    codes of what else applies to it now ("time_slot", "special", "discount", "reduction",
    "gift", "nth_item", "free_shipping")."""

    unit_price: int
    list_price: int
    key: str | None = None
    code: str | None = None
    params: Mapping[str, int | str | None] = field(default_factory=dict)
    ends_at: datetime | None = None
    tags: frozenset[str] = frozenset()
