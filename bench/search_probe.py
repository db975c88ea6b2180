"""Run inside the benchmark's environment (`python -m bench.search_probe --rounds N`): time
`search_products` on realistic queries and print every timing, in milliseconds, as JSON."""

import argparse
import json
import os
import time

import django

# What shoppers type: single words, two-word refinements, brand + product, pinyin initials,
# and a query that finds nothing (the slow path of "no results" alternatives).
QUERIES = (
    "洗发水", "男士 洗发", "手机", "华为 手机", "连衣裙", "sj", "口红", "奶粉", "笔记本电脑",
    "牛仔裤 男", "运动鞋", "面膜", "空调", "电饭煲", "纸尿裤", "大米", "茶叶", "蓝牙耳机",
    "羽绒服", "沙发", "零食", "洗衣液", "xfs", "苹果", "小米 手机", "保温杯", "儿童 玩具",
    "红色 连衣裙", "上海", "没有这种商品",
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, required=True)
    rounds = parser.parse_args().rounds
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mall.settings")
    django.setup()
    from django.db import connection

    from mall.search.selectors import search_products

    def search(query: str) -> int:
        """Run one search through to the first page of results; the number of hits."""
        results = search_products(query)
        return results.total

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    hits = {query: search(query) for query in QUERIES}  # untimed: loads jieba, warms caches
    timings: dict[str, list[float]] = {query: [] for query in QUERIES}
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            search(query)
            timings[query].append((time.perf_counter() - started) * 1000)
    queries = [{"query": q, "hits": hits[q], "ms": timings[q]} for q in QUERIES]
    print(json.dumps({"queries": queries}, ensure_ascii=False))


if __name__ == "__main__":
    main()
