"""A small, believable catalog for browser tests and screenshots: categories with icons, a few
shops and brands, products with specs, SKUs, parameters and generated images, and banners."""

import io
from functools import cache
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from mall.catalog import services
from mall.catalog.models import Brand, Category, Product, ProductParam, ProductSpec, Sku
from mall.merchants.models import Shop
from mall.storefront.models import Banner

FONT_PATHS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]
PALETTES = [
    ((255, 236, 230), (255, 190, 170)),
    ((232, 243, 255), (168, 205, 255)),
    ((236, 250, 240), (160, 225, 185)),
    ((255, 248, 230), (255, 214, 140)),
    ((245, 238, 255), (205, 180, 255)),
    ((240, 242, 245), (196, 202, 212)),
]

CATEGORIES = [
    ("服装", "👗", [("男装", ["T恤", "衬衫"]), ("女装", ["连衣裙", "针织衫"])]),
    ("美妆个护", "💄", [("护肤", ["面霜", "精华"]), ("洗护", ["洗发水"])]),
    ("家用电器", "📺", [("厨房电器", ["电饭煲"])]),
    ("食品生鲜", "🍎", [("休闲零食", ["坚果"]), ("水果", ["进口水果"])]),
    ("母婴", "🍼", [("奶粉", ["婴儿奶粉"])]),
    ("数码", "📱", [("手机", ["智能手机"]), ("耳机", ["蓝牙耳机"])]),
    ("家居", "🛋️", [("床品", ["四件套"])]),
    ("运动户外", "⚽", [("运动鞋", ["跑步鞋"])]),
    ("图书文具", "📚", [("文具", ["钢笔"])]),
    ("珠宝配饰", "💍", [("饰品", ["项链"])]),
]
SHOPS = [
    ("华为授权体验店", "huawei-jingan", "南京西路 1 号馆 L2-08", 49, "strategic"),
    ("李宁运动 · 淮海店", "lining-huaihai", "淮海中路 3 号馆 L3-12", 48, "preferred"),
    ("兰蔻美妆专柜", "lancome-counter", "1 号馆 L1-03", 49, "preferred"),
    ("沪上鲜食馆", "hushang-fresh", "B1 食品街 06", 47, "standard"),
]
# name, subtitle, leaf slug, shop index, brand, specs, sku rows, flags, sales
PRODUCTS = [
    ("华为 Mate 70 Pro 旗舰手机 鸿蒙系统", "超可靠昆仑玻璃 | 第二代红枫影像", "zhinengshouji",
     0, "华为", ["颜色", "存储"],
     [(["曜石黑", "12GB+256GB"], 699900, 12), (["曜石黑", "12GB+512GB"], 749900, 0),
      (["雪域白", "12GB+256GB"], 699900, 8), (["雪域白", "12GB+512GB"], 749900, 5)],
     "new hot rec", 5230),
    ("华为 FreeBuds Pro 4 降噪蓝牙耳机", "星闪连接 · 动态降噪", "lanyaerji", 0, "华为",
     ["颜色"], [(["冰霜银"], 129900, 30), (["陶瓷白"], 129900, 18)], "new rec", 1820),
    ("小米 15 Ultra 徕卡影像旗舰手机", "一英寸主摄 · 骁龙 8 至尊版", "zhinengshouji", 0, "小米",
     ["颜色", "存储"],
     [(["经典黑", "16GB+512GB"], 649900, 9), (["白色", "16GB+512GB"], 649900, 4),
      (["经典黑", "16GB+1TB"], 729900, 2)],
     "hot", 7710),
    ("荣耀 Magic7 Pro AI 旗舰手机", "青海湖电池 · 2 亿像素潜望长焦", "zhinengshouji", 0, "荣耀",
     ["颜色"], [(["月影灰"], 579900, 11), (["天际蓝"], 579900, 6)], "rec", 2980),
    ("索尼 WH-1000XM5 头戴式降噪耳机", "八麦克风降噪 · 30 小时续航", "lanyaerji", 0, "索尼",
     ["颜色"], [(["黑色"], 249900, 14), (["铂金银"], 249900, 7)], "hot rec", 4460),
    ("小米 Buds 5 半入耳降噪耳机", "哈曼调音 · 无线充电", "lanyaerji", 0, "小米",
     ["颜色"], [(["钛光金"], 69900, 40), (["雪山白"], 69900, 0)], "new", 3120),
    ("李宁 赤兔 7 PRO 男子竞速跑鞋", "䨻轻弹科技 · 碳板支撑", "paobuxie", 1, "李宁",
     ["颜色", "尺码"],
     [(["荧光红", "41"], 59900, 6), (["荧光红", "42"], 59900, 0),
      (["标准白", "41"], 59900, 9), (["标准白", "42"], 62900, 4)],
     "hot rec", 8640),
    ("李宁 速干运动短袖 T恤 男款", "吸湿速干 · 轻薄透气", "txu", 1, "李宁",
     ["颜色", "尺码"],
     [(["黑色", "M"], 12900, 40), (["黑色", "L"], 12900, 35),
      (["白色", "M"], 12900, 0), (["白色", "L"], 13900, 22)],
     "new hot", 12010),
    ("兰蔻 菁纯臻颜面霜 60ml", "玫瑰精萃 · 紧致焕亮", "mianshuang", 2, "兰蔻",
     ["规格"], [(["60ml"], 168000, 15), (["30ml 体验装"], 98000, 20)], "hot rec", 3410),
    ("兰蔻 小黑瓶 肌底精华液 50ml", "修护维稳 · 第二代", "jinghua", 2, "兰蔻",
     ["规格"], [(["50ml"], 108000, 25), (["100ml"], 168000, 10)], "new rec", 9210),
    ("清扬 男士去屑洗发水 活力运动薄荷型 720g", "持久去屑 · 清爽控油", "xifashui", 3, "清扬",
     [], [([], 6990, 120)], "hot", 23110),
    ("三只松鼠 每日坚果 30 袋装", "7 种坚果果干 · 独立小包", "jianguo", 3, "三只松鼠",
     ["规格"], [(["750g 30袋"], 12900, 80), (["375g 15袋"], 6900, 60)], "new hot rec", 30420),
    ("智利车厘子 JJ 级 2.5kg 礼盒", "空运直达 · 果径 28-30mm", "jinkoushuiguo", 3, "",
     ["规格"], [(["2.5kg 礼盒"], 26800, 14)], "new rec", 2140),
    ("美的 IH 电饭煲 4L 家用智能", "鼎釜内胆 · 24 小时预约", "dianfanbao", 0, "美的",
     [], [([], 39900, 33)], "rec", 4120),
    ("真丝四件套 22 姆米 桑蚕丝", "亲肤柔滑 · 1.8m 床", "sijiantao", 3, "",
     ["颜色"], [(["香槟金"], 159900, 4), (["雾霾蓝"], 159900, 7)], "new", 380),
    ("英雄 钢笔 382 学生练字 暗尖", "铱金笔尖 · 顺滑书写", "gangbi", 3, "英雄",
     ["颜色"], [(["黑色"], 3900, 200), (["酒红"], 3900, 150)], "rec", 6230),
]  # fmt: skip


@cache
def _font(size: int):
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def product_image(label: str, seed: int, size: int = 640) -> SimpleUploadedFile:
    """A soft gradient 'studio shot' with a rounded product block and its label."""
    top, bottom = PALETTES[seed % len(PALETTES)]
    image = Image.new("RGB", (size, size), top)
    draw = ImageDraw.Draw(image)
    for y in range(size):
        mix = y / size
        draw.line(
            [(0, y), (size, y)],
            fill=tuple(int(t + (b - t) * mix) for t, b in zip(top, bottom, strict=True)),
        )
    inset = size // 5 + (seed % 3) * 20
    draw.rounded_rectangle([inset, inset, size - inset, size - inset], radius=size // 10,
                           fill=(255, 255, 255), outline=bottom, width=6)  # fmt: skip
    draw.ellipse([size // 2 - 48, inset + 48, size // 2 + 48, inset + 144], fill=bottom)
    draw.text(
        (size // 2, size - inset - 90), label[:6], font=_font(64), fill=(60, 60, 70), anchor="mm"
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return SimpleUploadedFile(f"demo-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def banner_image(seed: int) -> SimpleUploadedFile:
    colors = [
        ((255, 94, 77), (200, 22, 35)),
        ((255, 159, 67), (238, 82, 83)),
        ((94, 96, 206), (54, 83, 180)),
    ]
    left, right = colors[seed % len(colors)]
    width, height = 1600, 520
    image = Image.new("RGB", (width, height), left)
    draw = ImageDraw.Draw(image)
    for x in range(width):
        mix = x / width
        draw.line(
            [(x, 0), (x, height)],
            fill=tuple(int(a + (b - a) * mix) for a, b in zip(left, right, strict=True)),
        )
    for n in range(6):
        r = 60 + n * 45
        draw.ellipse(
            [width - 420 - r, 120 - r, width - 420 + r, 120 + r], outline=(255, 255, 255), width=2
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=86)
    return SimpleUploadedFile(f"banner-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def build_categories() -> dict[str, Category]:
    slugs = {}
    pinyin = {
        "T恤": "txu", "衬衫": "chenshan", "连衣裙": "lianyiqun", "针织衫": "zhenzhishan",
        "面霜": "mianshuang", "精华": "jinghua", "洗发水": "xifashui", "电饭煲": "dianfanbao",
        "坚果": "jianguo", "进口水果": "jinkoushuiguo", "婴儿奶粉": "yingernaifen",
        "智能手机": "zhinengshouji", "蓝牙耳机": "lanyaerji", "四件套": "sijiantao",
        "跑步鞋": "paobuxie", "钢笔": "gangbi", "项链": "xianglian",
    }  # fmt: skip
    for position, (name, icon, children) in enumerate(CATEGORIES):
        top = Category.objects.create(name=name, slug=f"c{position}", icon=icon, position=position)
        for child_position, (child_name, leaves) in enumerate(children):
            child = Category.objects.create(
                name=child_name, slug=f"c{position}-{child_position}", parent=top, level=2,
                position=child_position,
            )  # fmt: skip
            for leaf_position, leaf in enumerate(leaves):
                slugs[pinyin[leaf]] = Category.objects.create(
                    name=leaf, slug=pinyin[leaf], parent=child, level=3, position=leaf_position
                )
    return slugs


def build_product(row, seed: int, leaves, shops, brands) -> Product:
    name, subtitle, leaf, shop, brand, spec_names, skus, flags, sales = row
    product = services.save_product(
        Product(
            shop=shops[shop], category=leaves[leaf], brand=brands.get(brand), name=name,
            subtitle=subtitle, sales_count=sales, is_new="new" in flags, is_hot="hot" in flags,
            is_recommended="rec" in flags, merchant_code=f"DEMO-{seed:04d}",
            description=f"<h3>{name}</h3><p>{subtitle}。商场专柜同款，支持到店自提。</p>",
        )
    )  # fmt: skip
    for position, spec in enumerate(spec_names):
        values = list(dict.fromkeys(values[position] for values, _, _ in skus))
        ProductSpec.objects.create(product=product, name=spec, values=values, position=position)
    for position, (values, price, stock) in enumerate(skus):
        Sku.objects.create(
            product=product, spec_values=values, price=price, market_price=price * 6 // 5,
            stock=stock, position=position, merchant_code=f"DEMO-{seed:04d}-{position}",
        )  # fmt: skip
    params = [("品牌", brand or "其他"), ("产地", "中国"), ("商品编号", f"DEMO-{seed:04d}")]
    ProductParam.objects.bulk_create(
        ProductParam(product=product, name=key, value=value, position=n)
        for n, (key, value) in enumerate(params)
    )
    for n in range(2):
        services.add_product_image(product, product_image(name.split()[0], seed + n), position=n)
    product = services.save_product(product)
    services.change_status(product, Product.Status.PENDING)
    return services.change_status(product, Product.Status.ON_SALE)


def build_demo_catalog() -> list[Product]:
    leaves = build_categories()
    shops = [
        Shop.objects.create(name=n, slug=s, location=loc, rating=r, tier_id=t,
                            intro=f"{n}，位于沪上商城{loc}，正品保障，欢迎到店体验。")
        for n, s, loc, r, t in SHOPS
    ]  # fmt: skip
    brand_names = {row[4] for row in PRODUCTS if row[4]}
    brands = {
        n: Brand.objects.create(name=n, slug=f"b{i}") for i, n in enumerate(sorted(brand_names))
    }
    banners = [("冬日焕新季", "服饰美妆 满 300 减 40", "/category/c0/"),
               ("数码狂欢节", "华为新品 至高 12 期免息", "/category/c5/")]  # fmt: skip
    for n, (title, subtitle, link) in enumerate(banners):
        banner = Banner(title=title, subtitle=subtitle, link_url=link, position=n)
        banner.image.save(f"banner-{n}.jpg", banner_image(n), save=True)
    return [build_product(row, n * 7, leaves, shops, brands) for n, row in enumerate(PRODUCTS)]
