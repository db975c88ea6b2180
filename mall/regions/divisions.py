"""China's administrative divisions, read once per process from the committed data file.

Codes are the 6-digit statistical codes: province 310000, city 310100, district 310101.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "regions.json"
PROVINCE, CITY, DISTRICT = 1, 2, 3
# Municipalities' city-level placeholder; people expect to see the municipality's name there.
MUNICIPAL_DISTRICTS = "市辖区"


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: int
    parent_code: str | None


@dataclass(frozen=True, slots=True)
class _Divisions:
    by_code: dict[str, Region]
    children: dict[str | None, list[Region]]


@cache
def _divisions() -> _Divisions:
    rows = json.loads(DATA_FILE.read_text(encoding="utf-8"))["regions"]
    by_code: dict[str, Region] = {}
    children: dict[str | None, list[Region]] = {}
    for code, name, parent in rows:
        parent_region = by_code.get(parent)
        level = parent_region.level + 1 if parent_region else PROVINCE
        if name == MUNICIPAL_DISTRICTS and parent_region:
            name = parent_region.name
        region = Region(code, name, level, parent or None)
        by_code[code] = region
        children.setdefault(region.parent_code, []).append(region)
    return _Divisions(by_code, children)


def lookup(code: str | None) -> Region | None:
    return _divisions().by_code.get(code) if code else None


def children(code: str | None = None) -> list[Region]:
    """Provinces for None; a province's cities; a city's districts."""
    return list(_divisions().children.get(code, ()))


def path_of(code: str | None) -> list[Region]:
    """Province → city → district down to `code`; empty for an unknown code."""
    path = []
    region = lookup(code)
    while region is not None:
        path.append(region)
        region = lookup(region.parent_code)
    return path[::-1]


def is_district(code: str | None) -> bool:
    """A county-level unit an address can point to: a district or county, or one of the few
    cities that have no districts at all (东莞市, 中山市, 儋州市, 嘉峪关市)."""
    region = lookup(code)
    if region is None or region.level == PROVINCE:
        return False
    return region.level == DISTRICT or not children(region.code)


def region_names(code: str | None) -> str:
    """'上海市 上海市 黄浦区'"""
    return " ".join(region.name for region in path_of(code))
