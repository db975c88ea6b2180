"""Demo shoppers and their Shanghai address books (seed_demo), through the address services so
every address is validated like one typed in. Other demo shoppers have no password: they sign
in with an SMS code, as most shoppers do."""

import random
from dataclasses import dataclass

from django.utils import timezone

from mall.customers.models import Address, User
from mall.customers.services import AddressInput, create_address

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许"
    "韩冯邓曹彭曾田董潘袁蔡蒋余杜叶程魏苏吕丁沈姚陆顾钱严"
)
GIVEN_NAMES = (
    "晓明", "丽娜", "志强", "静怡", "建国", "雅琴", "子涵", "浩然", "欣怡", "俊杰", "思远",
    "梦瑶", "文博", "佳琪", "宇轩", "诗涵", "海峰", "玉兰", "嘉怡", "天佑", "秀英", "国华",
    "婉婷", "明辉", "若曦", "振宇", "慧敏", "家豪", "雨桐", "立新", "美玲", "伟", "敏", "静",
)  # fmt: skip
SHOPPER_MOBILE_PREFIX = "1372026"  # the n-th other demo shopper is 1372026 + n as four digits

# (district code, street) — real streets of each Shanghai district.
STREETS = (
    ("310101", "南京东路"), ("310101", "淮海中路"), ("310104", "衡山路"), ("310104", "漕溪北路"),
    ("310105", "愚园路"), ("310105", "天山路"), ("310106", "南京西路"), ("310106", "延平路"),
    ("310107", "长寿路"), ("310107", "真北路"), ("310109", "四川北路"), ("310109", "曲阳路"),
    ("310110", "国定路"), ("310110", "控江路"), ("310112", "漕宝路"), ("310112", "莘庄镇莘建路"),
    ("310113", "牡丹江路"), ("310113", "友谊路"), ("310114", "城中路"), ("310114", "安亭镇墨玉路"),
    ("310115", "世纪大道"), ("310115", "张江碧波路"), ("310115", "川沙路"), ("310116", "卫清西路"),
    ("310117", "人民北路"), ("310117", "九亭镇沪亭北路"), ("310118", "华新镇华志路"),
    ("310120", "南桥镇解放东路"), ("310151", "城桥镇八一路"),
)  # fmt: skip


@dataclass(frozen=True)
class DemoAddress:
    consignee: str
    region_code: str
    detail: str


# The documented demo shopper (13800138000): home, office and parents' flat.
DEMO_SHOPPER_ADDRESSES = (
    DemoAddress("林小满", "310106", "南京西路 1266 弄 3 号 1502 室"),
    DemoAddress("林小满", "310115", "陆家嘴环路 1000 号 恒生银行大厦 21 楼"),
    DemoAddress("林建华", "310104", "漕溪北路 595 弄 12 号 601 室"),
)


def street_address(rng: random.Random) -> tuple[str, str]:
    region_code, street = rng.choice(STREETS)
    number = rng.randint(1, 2000)
    if rng.random() < 0.3:
        return region_code, f"{street} {number} 号 {rng.randint(2, 30)} 楼"
    room = rng.randint(1, 30) * 100 + rng.randint(1, 4)
    return region_code, f"{street} {number} 弄 {rng.randint(1, 40)} 号 {room} 室"


def chinese_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def ensure_demo_addresses(shopper: User) -> None:
    """The demo shopper's three addresses, unless the address book already has some."""
    if Address.objects.filter(user=shopper).exists():
        return
    for position, address in enumerate(DEMO_SHOPPER_ADDRESSES):
        create_address(
            shopper,
            AddressInput(
                address.consignee, shopper.mobile, address.region_code, address.detail,
                is_default=position == 0,
            ),
        )  # fmt: skip


def ensure_other_shoppers(rng: random.Random, count: int) -> list[User]:
    """`count` shoppers with Chinese names and one or two Shanghai addresses each; the ones that
    exist already are kept as they are."""
    shoppers = []
    for position in range(count):
        mobile = f"{SHOPPER_MOBILE_PREFIX}{position + 1:04d}"
        name = chinese_name(rng)
        shopper = User.objects.filter(mobile=mobile).first()
        if shopper is None:
            shopper = User.objects.create_user(
                username=mobile, mobile=mobile, nickname=name,
                privacy_consented_at=timezone.now(),
            )  # fmt: skip
        if not Address.objects.filter(user=shopper).exists():
            for consignee in (name, chinese_name(rng))[: rng.choice((1, 1, 2))]:
                region_code, detail = street_address(rng)
                create_address(shopper, AddressInput(consignee, mobile, region_code, detail))
        shoppers.append(shopper)
    return shoppers
