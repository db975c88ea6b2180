import pytest

from bench.report import render_pages, render_search, render_seed, replace_section, table

DOC = """# Benchmarks
intro
<!-- bench:pages -->
old pages
<!-- /bench:pages -->
between
<!-- bench:search -->
old search
<!-- /bench:search -->
"""
MACHINE = {"date": "2026-11-01T10:00:00+08:00", "cpu": "2 × AMD EPYC"}


def test_replace_section_touches_only_its_own_section():
    updated = replace_section(DOC, "pages", "new pages\nsecond line")

    assert "<!-- bench:pages -->\nnew pages\nsecond line\n<!-- /bench:pages -->" in updated
    assert "old pages" not in updated
    assert "intro" in updated and "between" in updated and "old search" in updated


def test_replace_section_inserts_the_body_literally():
    updated = replace_section(DOC, "search", r"p95 \1 \g<0> ms")

    assert r"p95 \1 \g<0> ms" in updated


def test_replace_section_needs_its_markers():
    with pytest.raises(ValueError, match="bench:seed"):
        replace_section(DOC, "seed", "x")


def test_table_escapes_pipes():
    assert table(["a", "b"], [["x|y", 1]]) == "| a | b |\n| --- | --- |\n| x\\|y | 1 |"


def measured(page, cached, ratio):
    return {
        "page": page,
        "path": f"/{page}/",
        "cached": cached,
        "error": None,
        "rps": 1000 * ratio,
        "p50_ms": 1.234,
        "p99_ms": 5.0,
        "ping_rps": 1000.0,
        "ratio": ratio,
    }


def test_pages_table_shows_ratio_and_verdict_per_target():
    result = {
        "machine": MACHINE,
        "settings": {"server": "gunicorn"},
        "rows": [
            measured("home", True, 0.82),
            measured("listing", False, 0.1),
            measured("home", False, 0.3),
            {"page": "product", "path": "/product/7/", "cached": True, "error": "HTTP 500"},
        ],
    }
    lines = render_pages(result).splitlines()

    assert "- cpu: 2 × AMD EPYC" in lines
    assert "| home | `/home/` | cached | 820 | 1.2 | 5.0 | 1000 | 0.82 | ≥ 0.7 | yes |" in lines
    assert (
        "| category listing | `/listing/` | uncached | 100 | 1.2 | 5.0 | 1000 | 0.10 "
        "| ≥ 0.15 | **no** |" in lines
    )
    assert "| home | `/home/` | uncached | 300 | 1.2 | 5.0 | 1000 | 0.30 | — | — |" in lines
    assert (
        "| product | `/product/7/` | cached | HTTP 500 | — | — | — | — | ≥ 0.7 | **no** |" in lines
    )


def test_search_table_judges_p95_and_lists_queries():
    result = {
        "machine": MACHINE,
        "settings": {"timed queries": 300},
        "summary": {"p50": 4.0, "p95": 61.25, "p99": 80.0, "max": 95.0},
        "queries": [{"query": "男士 洗发", "hits": 42, "p50": 9.5, "max": 30.0}],
    }
    text = render_search(result)

    assert "| 300 | 4.0 | 61.2 | 80.0 | 95.0 | ≤ 50 ms | **no** |" in text
    assert "| `男士 洗发` | 42 | 9.5 | 30.0 |" in text


def test_seed_table_shows_time_or_the_failure():
    result = {
        "machine": MACHINE,
        "settings": {},
        "rows": [
            {"database": "PostgreSQL", "products": 100000, "seconds": 140.4, "error": None},
            {
                "database": "SQLite (WAL)",
                "products": 100000,
                "seconds": None,
                "error": "seed_demo did not finish within 900 s",
            },
        ],
    }
    lines = render_seed(result).splitlines()

    assert "| PostgreSQL | 100000 | 140 s | ≤ 300 s | yes |" in lines
    assert (
        "| SQLite (WAL) | 100000 | seed_demo did not finish within 900 s | ≤ 300 s | **no** |"
        in lines
    )
