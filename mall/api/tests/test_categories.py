from mall.catalog.tests.factories import CategoryFactory


def test_the_tree_has_three_levels_with_names_slugs_icons_and_storefront_urls(
    get, catalog, settings
):
    settings.SITE_URL = "https://mall.example"
    response = get("/categories")

    assert response.status_code == 200
    clothes = next(node for node in response.data if node["name"] == "服装")
    men = clothes["children"][0]
    tees = men["children"][0]
    assert (men["name"], tees["name"], tees["children"]) == ("男装", "T恤", [])
    assert tees["slug"] == catalog["tees"].slug
    assert tees["url"] == f"https://mall.example/category/{tees['slug']}/"
    assert set(clothes) == {"id", "name", "slug", "icon", "url", "children"}


def test_inactive_categories_are_left_out(get, catalog):
    CategoryFactory(name="停用类目", is_active=False)

    names = [node["name"] for node in get("/categories").data]

    assert "停用类目" not in names
    assert {"服装", "数码"} <= set(names)


def test_the_tree_takes_three_queries_however_big(get, catalog, django_assert_max_num_queries):
    for n in range(10):
        CategoryFactory(name=f"一级{n}")

    with django_assert_max_num_queries(3):
        assert get("/categories").status_code == 200
