"""`manage.py seed_demo [--products N] [--if-empty] [--seed S]`: build the demo mall.

For development and demos only. It also creates the demo accounts, with fixed documented
passwords: staff `admin` / `hushang-admin-2026` (for /admin/), the shopper 13800138000 /
`hushang-demo-2026`, and an owner per shop (13900000001, 13900000002, … / `hushang-seller-2026`);
then freight templates and past orders in every state (see mall/orders/demo.py).
"""

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError

from mall.backoffice import demo as backoffice_demo
from mall.catalog.demo import seller_products, shops
from mall.catalog.demo.seeder import SeedOptions, SeedSummary, seed_demo
from mall.catalog.models import Product
from mall.coupons import demo as coupons_demo
from mall.learning import demo as learning_demo
from mall.membership import demo as membership_demo
from mall.merchants import demo as merchants_demo
from mall.onboarding import demo as onboarding_demo
from mall.orders.demo import DemoOrdersSummary, seed_demo_orders
from mall.promotions import demo as promotions_demo


def _uncounted(seed_app: Callable[[], None]) -> Callable[[int], dict]:
    """An app's demo seed that takes no random seed and counts nothing, as a phase."""

    def phase(_seed: int) -> dict:
        seed_app()
        return {}

    return phase


# After the catalog: tiers and commission rates first (the past orders carry the rates), then
# the orders (they make the demo shop owners), then what needs those owners.
BEFORE_ORDERS = (("店铺等级、保证金与服务费", merchants_demo.seed_demo_data),)
AFTER_ORDERS = (
    ("卖家商品审核", seller_products.seed_demo_data),
    ("店铺资料与员工", backoffice_demo.seed_demo_data),
    ("商家学堂", learning_demo.seed_demo_data),
    ("入驻申请", onboarding_demo.seed_demo_data),
    ("会员等级、客户分组与渠道价", _uncounted(membership_demo.seed)),
    ("促销活动", _uncounted(promotions_demo.seed)),
    ("优惠券", _uncounted(coupons_demo.seed)),
)

MAX_PRODUCTS = 1_000_000


class Command(BaseCommand):
    help = "生成演示商城：店铺、类目、品牌、商品、图片、首页横幅和演示账号（仅用于开发和演示）"

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=1000, help="商品数量（默认 1000）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子：相同种子生成相同数据")
        parser.add_argument("--if-empty", action="store_true", help="数据库里已有商品时什么也不做")
        parser.add_argument(
            "--pictures-per-category", type=int, default=3, help="每个三级类目生成几张商品图（2–8）"
        )

    def handle(self, *args, products: int, seed: int, if_empty: bool, **options):
        pictures = options["pictures_per_category"]
        if not 1 <= products <= MAX_PRODUCTS:
            raise CommandError(f"--products 应在 1 到 {MAX_PRODUCTS:,} 之间。")
        if not 2 <= pictures <= 8:
            raise CommandError("--pictures-per-category 应在 2 到 8 之间。")
        if Product.objects.exists():
            if if_empty:
                self.stdout.write("数据库里已有商品，跳过演示数据。")
                return
            raise CommandError("数据库里已有商品：请在空数据库上运行，或加 --if-empty 跳过。")
        summary = seed_demo(
            SeedOptions(
                products=products,
                seed=seed,
                pictures_per_category=pictures,
                progress=options["verbosity"] > 0,
            )
        )
        self.seed_phases(summary, BEFORE_ORDERS, seed)
        with summary.timed("运费模板、卖家与历史订单"):
            orders = seed_demo_orders(seed)
        summary.counts.update(orders.counts)
        self.seed_phases(summary, AFTER_ORDERS, seed)
        self.report(summary, orders)

    @staticmethod
    def seed_phases(summary: SeedSummary, phases, seed: int) -> None:
        for label, seed_phase in phases:
            with summary.timed(label):
                summary.counts.update(seed_phase(seed))

    def report(self, summary: SeedSummary, orders: DemoOrdersSummary) -> None:
        self.stdout.write(self.style.SUCCESS("演示商城已生成。"))
        for label, count in summary.counts.items():
            self.stdout.write(f"  {label}：{count:,}")
        for phase, seconds in summary.timings:
            self.stdout.write(f"  {phase}：{seconds:.1f} 秒")
        total = sum(seconds for _, seconds in summary.timings)
        self.stdout.write(f"  合计：{total:.1f} 秒")
        self.stdout.write(
            f"后台 /admin/ 账号：{shops.ADMIN_USERNAME}  密码：{shops.ADMIN_PASSWORD}\n"
            f"演示顾客手机号：{shops.SHOPPER_MOBILE}  密码：{shops.SHOPPER_PASSWORD}\n"
            f"演示卖家（店主）手机号：{orders.seller_mobile}  密码：{orders.seller_password}"
        )
