"""The demo mall's merchants, home banners, hero products and accounts.

A shop `covers` category slugs at any level; a brand store (`brands` set) only sells its own
brands there. Locations follow the mall's floor plan: B1 food hall, L1 beauty and digital
flagships, L2–L3 fashion, L4 appliances, L5 sports and digital, L6 kids and home, L7 books.
"""

from dataclasses import dataclass

from mall.merchants.models import Shop, Tier

Status = Shop.Status


@dataclass(frozen=True)
class DemoShop:
    name: str
    slug: str
    location: str
    tier: str
    rating: int  # ×10, 49 = 4.9 stars
    covers: tuple[str, ...]
    intro: str
    brands: tuple[str, ...] = ()
    status: str = Status.OPEN


SHOPS: tuple[DemoShop, ...] = (
    DemoShop("华为授权体验店", "huawei-store", "L1-01", Tier.STRATEGIC, 49, ("digital",),
             "华为官方授权，手机、平板、笔记本与穿戴设备现场体验，以旧换新。", ("华为",)),
    DemoShop("小米之家", "mi-home", "L1-05", Tier.STRATEGIC, 48,
             ("digital", "home-appliances", "kitchen-appliances"),
             "小米与 Redmi 全线产品，智能家居一站选购。", ("小米", "Redmi")),
    DemoShop("沪上数码港", "hushang-digital", "L5-02", Tier.PREFERRED, 47, ("digital",),
             "多品牌数码集合店，手机配件、电脑外设应有尽有，支持现场贴膜。"),
    DemoShop("美的智慧生活馆", "midea-life", "L4-06", Tier.PREFERRED, 48, ("appliances",),
             "美的、小天鹅官方门店，大家电送装一体，旧机回收。", ("美的", "小天鹅")),
    DemoShop("申城家电汇", "shencheng-appliances", "L4-01", Tier.STANDARD, 46, ("appliances",),
             "上海老牌家电卖场，品牌齐全，市区免费送货安装。"),
    DemoShop("海上花美妆", "haishanghua-beauty", "L1-12", Tier.PREFERRED, 48,
             ("skincare", "makeup"), "国货美妆集合店，专业柜姐一对一肤质检测。"),
    DemoShop("百雀羚专柜", "pechoin-counter", "L1-15", Tier.STANDARD, 47, ("skincare",),
             "始于 1931 年的上海护肤品牌。", ("百雀羚",)),
    DemoShop("花西子旗舰店", "florasis", "L1-16", Tier.PREFERRED, 49, ("makeup",),
             "东方彩妆，以花养妆。", ("花西子",)),
    DemoShop("洁丽日化", "jieli-daily", "B1-08", Tier.STANDARD, 46, ("haircare", "household"),
             "洗护、口腔、家清日用品，社区价格，满 99 元免费配送。"),
    DemoShop("海派衣橱", "haipai-wardrobe", "L2-03", Tier.PREFERRED, 48, ("womens",),
             "海派风格女装买手店，每周上新。"),
    DemoShop("绅士汇男装", "gentleman-menswear", "L3-06", Tier.STANDARD, 46, ("mens",),
             "商务与休闲男装，免费修改裤长。"),
    DemoShop("巴拉巴拉童装", "balabala-kids", "L6-02", Tier.PREFERRED, 48, ("kidswear",),
             "童装品牌专卖，0–14 岁全年龄段。", ("巴拉巴拉",)),
    DemoShop("宝贝港湾母婴", "baby-harbour", "L6-08", Tier.PREFERRED, 49, ("baby", "kidswear"),
             "奶粉、纸尿裤、玩具与童装，提供母婴室与育儿顾问。"),
    DemoShop("三只松鼠零食铺", "three-squirrels", "B1-12", Tier.STRATEGIC, 49, ("snacks",),
             "坚果零食，新鲜日期，整箱更优惠。", ("三只松鼠",)),
    DemoShop("良品铺子", "bestore", "B1-15", Tier.PREFERRED, 48, ("snacks",),
             "高端零食，办公室下午茶首选。", ("良品铺子",)),
    DemoShop("沪上鲜生", "hushang-fresh", "B1-01", Tier.STRATEGIC, 48, ("food",),
             "生鲜超市，上午下单当日送达，冷链配送覆盖全上海。"),
    DemoShop("城隍庙茶庄", "chenghuangmiao-tea", "B1-20", Tier.STANDARD, 47, ("tea",),
             "老字号茶庄，龙井、普洱、铁观音现场品鉴。"),
    DemoShop("李宁运动", "li-ning", "L5-10", Tier.STRATEGIC, 48, ("sports",),
             "李宁专业运动装备，跑步、篮球、训练全品类。", ("李宁",)),
    DemoShop("安踏体育", "anta", "L5-12", Tier.PREFERRED, 48, ("sports",),
             "安踏运动鞋服，会员积分全国通用。", ("安踏",)),
    DemoShop("探路者户外", "toread-outdoor", "L5-20", Tier.STANDARD, 46, ("outdoor-gear",),
             "露营、徒步、登山装备，周末组织城市露营活动。"),
    DemoShop("上海书城·淮海店", "shanghai-bookcity", "L7-01", Tier.STRATEGIC, 49, ("books",),
             "图书、童书、经管励志，每周六下午读书会。"),
    DemoShop("晨光文具生活馆", "mg-stationery", "L7-05", Tier.STANDARD, 47, ("stationery",),
             "学生与办公文具，开学季套装优惠。"),
    DemoShop("罗莱家纺", "luolai-home", "L6-15", Tier.PREFERRED, 48, ("textiles",),
             "床品四件套、被芯与枕头，高端家纺。", ("罗莱",)),
    DemoShop("素居生活", "suju-living", "L6-18", Tier.STANDARD, 47, ("home",),
             "简约家居生活馆，厨具、收纳与家纺。"),
    DemoShop("苏泊尔厨房", "supor-kitchen", "L4-12", Tier.STANDARD, 47,
             ("kitchenware", "kitchen-appliances"), "炒锅、刀具与厨房小电。", ("苏泊尔",)),
    DemoShop("优品生活超市", "youpin-mart", "B1-30", Tier.STANDARD, 45, ("household", "food"),
             "日用百货与食品，社区团购自提点。"),
    DemoShop("旧时光潮牌", "old-times-trend", "L2-20", Tier.STANDARD, 42, ("womens", "mens"),
             "潮牌服饰买手店。", status=Status.SUSPENDED),
    DemoShop("极客外设铺", "geek-gear", "L5-08", Tier.STANDARD, 44,
             ("keyboards-mice", "earphones"), "机械键盘与耳机发烧友小店。",
             status=Status.SUSPENDED),
)  # fmt: skip


@dataclass(frozen=True)
class DemoBanner:
    key: str
    title: str
    subtitle: str
    category: str  # slug the banner links to
    shape: str  # what the picture draws (see images.SHAPES)
    palette: tuple[str, str]


BANNERS: tuple[DemoBanner, ...] = (
    DemoBanner("digital", "数码焕新季", "手机、笔记本以旧换新 至高补贴 ¥1,000", "phones", "phone",
               ("#1d4ed8", "#60a5fa")),
    DemoBanner("fashion", "海派新装", "春夏女装 全场满 300 减 50", "womens", "shirt",
               ("#be185d", "#f9a8d4")),
    DemoBanner("fresh", "沪上鲜生 鲜到家", "上午下单 当日送达", "fresh", "round",
               ("#15803d", "#86efac")),
    DemoBanner("books", "上海书城读书月", "好书 3 件 7 折", "books", "book",
               ("#b45309", "#fcd34d")),
)  # fmt: skip


@dataclass(frozen=True)
class Hero:
    """A product the demo always contains, on sale and recommended (search demos look for it)."""

    leaf: str
    brand: str
    series: str
    noun: str
    point: str


HEROES: tuple[Hero, ...] = (
    Hero("shampoo", "清扬", "男士", "去屑洗发水", "活力运动薄荷型"),
    Hero("phones", "华为", "Mate 70 Pro", "5G手机", "超可靠玄武架构"),
    Hero("phones", "小米", "15 Pro", "5G手机", "徕卡光学影像"),
    Hero("nuts", "三只松鼠", "混合", "每日坚果", "独立小包装"),
    Hero("running-shoes", "李宁", "超轻", "跑步鞋", "减震回弹"),
    Hero("air-fryers", "美的", "家用", "空气炸锅", "无油低脂"),
)

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "hushang-admin-2026"
SHOPPER_MOBILE = "13800138000"
SHOPPER_PASSWORD = "hushang-demo-2026"
SHOPPER_NICKNAME = "沪上小满"
