"""The chips under a listing's title: a category's active children, or a leaf's siblings."""

import pytest

from mall.catalog import selectors
from mall.catalog.selectors import Ref
from mall.catalog.tests.factories import CategoryFactory, category_path

pytestmark = pytest.mark.django_db


def test_chips_are_the_active_children_or_the_siblings_of_a_leaf():
    tee = category_path("服装", "男装", "T恤")
    men = tee.parent
    shirt = CategoryFactory(name="衬衫", parent=men, level=3, position=1)
    CategoryFactory(name="停售", parent=men, level=3, position=2, is_active=False)
    chips = [Ref(c.pk, c.name, c.slug) for c in (tee, shirt)]
    assert selectors.sibling_or_child_categories(men) == chips
    assert selectors.sibling_or_child_categories(shirt) == chips
    assert selectors.sibling_or_child_categories(men.parent) == [Ref(men.pk, men.name, men.slug)]
