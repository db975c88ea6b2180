"""seed_demo's learning centre: the operator's categories and a shelf of articles, published
through the same service as the admin (bodies sanitised). Idempotent: found by slug / title."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from mall.learning import services
from mall.learning.models import Article, ArticleCategory

CATEGORIES = (("training", "培训"), ("industry-news", "行业资讯"), ("platform-rules", "平台规则"),
              ("operations", "运营技巧"))  # fmt: skip


@dataclass(frozen=True)
class DemoArticle:
    category: str  # slug
    title: str
    summary: str
    body: str
    days_ago: int
    pinned: bool = False
    published: bool = True


ARTICLES = (
    DemoArticle(
        "platform-rules",
        "【重要】发货时效与延迟发货处理规则（2026 版）",
        "买家付款后 48 小时内须发货，预售商品以页面承诺时间为准；超时将影响店铺评分。",
        "<p>为保障买家购物体验，自 2026 年 12 月 1 日起执行以下发货时效规则：</p>"
        "<ol><li>普通商品：买家付款后 <strong>48 小时</strong>内发货并录入真实运单号。</li>"
        "<li>预售商品：以商品页面承诺的发货时间为准，最长不超过 15 天。</li>"
        "<li>生鲜商品：付款后 24 小时内发货，须使用冷链或顺丰次日达。</li></ol>"
        "<h3>延迟发货的处理</h3><p>超时未发货的订单，买家可直接申请取消并全额退款；"
        "同一自然月内延迟发货率超过 5% 的店铺，将暂停首页推荐位 30 天。</p>"
        "<p>如遇缺货，请在订单详情页使用“取消订单”并填写原因，系统将原路退款并短信通知买家。</p>",
        2,
        pinned=True,
    ),
    DemoArticle(
        "platform-rules",
        "禁售与限售商品目录",
        "列明平台禁止发布和需要资质方可发布的商品类别，发布前请对照检查。",
        "<p>以下商品禁止在沪上商城发布：</p><ul><li>国家法律法规禁止流通的物品；</li>"
        "<li>仿冒品牌、侵犯知识产权的商品；</li><li>未取得许可证的医疗器械与处方药。</li></ul>"
        "<p>以下商品需上传资质后方可发布：保健食品（蓝帽子批文）、婴幼儿配方奶粉（注册证书）、"
        "3C 认证目录内的电子产品。</p>"
        "<p>违规发布的商品将被驳回或下架，情节严重的店铺将被暂停营业。</p>",
        20,
    ),
    DemoArticle(
        "training",
        "新店开业 7 天上手指南",
        "从店铺装修、商品上架到第一笔订单发货，按天拆解新商家的必做事项。",
        "<h3>第 1 天：完善店铺资料</h3><p>在“店铺设置”上传店铺标志和店招，填写简介与客服时间。"
        "清晰的店招能让进店转化提升约 15%。</p>"
        "<h3>第 2–3 天：上架商品</h3><p>每个商品至少上传 5 张主图，规格齐全，详情页写清尺码与材质。"
        "提交后平台会在 1 个工作日内完成审核。</p>"
        "<h3>第 4 天：设置运费模板</h3><p>按地区设置首重续重，偏远地区可设为不配送。</p>"
        "<h3>第 5–7 天：接单与发货</h3><p>每天上午查看工作台的“待发货”，打印发货单拣货，"
        "录入运单号后买家会收到短信。</p>",
        9,
    ),
    DemoArticle(
        "training",
        "客服接待与售后沟通话术",
        "首响时间、常见问题回复模板和退款沟通要点，适合客服岗位新人。",
        "<p>买家咨询的<strong>首次响应时间</strong>建议控制在 30 秒内。常用回复：</p>"
        "<blockquote>您好，我是店铺客服小沪，这款商品现货，"
        "今天下午 4 点前付款当天发出。</blockquote>"
        "<p>处理退款时先致歉、再说明处理时效，避免与买家争执。"
        "无法履约的订单请及时取消并说明原因，比拖延发货更能保住店铺评分。</p>",
        15,
    ),
    DemoArticle(
        "industry-news",
        "2026 年双十二消费趋势观察",
        "国货美妆、智能小家电和即食健康食品成为增长最快的三个品类。",
        "<p>根据平台数据，今年双十二预热期间，以下品类搜索量同比增长明显：</p>"
        "<table><thead><tr><th>品类</th><th>同比增长</th></tr></thead>"
        "<tbody><tr><td>国货美妆</td><td>38%</td></tr><tr><td>空气炸锅等小家电</td><td>27%</td></tr>"
        "<tr><td>每日坚果、即食燕麦</td><td>22%</td></tr></tbody></table>"
        "<p>建议商家提前备货，并在 12 月 5 日前完成活动商品的库存校准。</p>",
        4,
    ),
    DemoArticle(
        "industry-news",
        "上海消费券第三期发放在即，线下商场联动线上",
        "本期消费券可在沪上商城参与活动的店铺使用，商家可报名参与。",
        "<p>上海市第三期消费券将于下周发放，覆盖餐饮、零售和文旅。"
        "沪上商城作为合作平台，入驻商场门店的线上店铺可报名参与核销。</p>"
        "<p>报名方式：联系平台招商经理，提交活动商品清单与优惠力度。</p>",
        6,
    ),
    DemoArticle(
        "operations",
        "用好工作台：每天 10 分钟看懂店铺经营",
        "今日订单、待发货、售后待处理和库存预警，教你每天开店先看什么。",
        "<p>工作台把每天最需要处理的事情放在一屏：</p><ul>"
        "<li><strong>今日支付订单与金额</strong>：按北京时间统计当天付款的订单；</li>"
        "<li><strong>待发货</strong>：点击直接进入待发货订单列表；</li>"
        "<li><strong>库存预警</strong>：库存不足 10 件的在售规格，及时补货避免超卖；</li>"
        "<li><strong>近 7 / 30 天趋势</strong>：观察活动前后的销量变化。</li></ul>",
        1,
    ),
    DemoArticle(
        "operations",
        "直播带货入门（草稿）",
        "三步开播：选品、脚本、复盘。",
        "<p>本文仍在编写中。</p>",
        0,
        published=False,
    ),
)


def seed_demo_data(seed: int) -> dict[str, int]:
    """`seed` is unused: the shelf is the same every time."""
    categories = _categories()
    created = sum(_article(demo, categories[demo.category]) for demo in ARTICLES)
    return {
        "学堂栏目": len(categories),
        "学堂文章（新建）": created,
        "学堂文章（已发布）": Article.objects.published().count(),
    }


def _categories() -> dict[str, ArticleCategory]:
    categories = {}
    for position, (slug, name) in enumerate(CATEGORIES):
        categories[slug], _created = ArticleCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    return categories


def _article(demo: DemoArticle, category: ArticleCategory) -> bool:
    if Article.objects.filter(title=demo.title).exists():
        return False
    published_at = timezone.now() - dt.timedelta(days=demo.days_ago) if demo.published else None
    services.save_article(
        Article(
            title=demo.title,
            category=category,
            summary=demo.summary,
            body=demo.body,
            is_published=demo.published,
            published_at=published_at,
            pinned=demo.pinned,
        )
    )
    return True
