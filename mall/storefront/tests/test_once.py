import pytest
from django.test import RequestFactory
from django.utils import translation
from jinja2 import Template, TemplateSyntaxError

from mall.storefront import jinja

ENV = jinja.ENGINE.env


def render(template: Template, language: str = "zh-hans", **context) -> str:
    with translation.override(language):
        return template.render({"_language": language, "_where": jinja.where(language), **context})


def test_a_block_is_rendered_once_per_language(monkeypatch):
    template = ENV.from_string("{% once %}{{ _('沪上商城') }}{% endonce %}")
    assert render(template) == "沪上商城"
    assert render(template, "en") == "Hushang Mall"
    monkeypatch.setattr(jinja, "_translated_alone", None)  # nothing is translated again
    assert render(template) == "沪上商城"
    assert render(template, "en") == "Hushang Mall"


def test_a_block_is_remembered_for_each_value_of_its_keys(monkeypatch):
    template = ENV.from_string("{% once variant %}{{ _('语言') }} {{ variant }}{% endonce %}")
    assert render(template, variant="header") == "语言 header"
    monkeypatch.setattr(jinja, "_translated_alone", None)
    assert render(template, variant="header") == "语言 header"
    with pytest.raises(TypeError):  # a new value is rendered
        render(template, variant="footer")


def test_a_block_is_not_remembered_without_where():
    template = ENV.from_string("{% once %}{{ route('storefront:home') }}{% endonce %}")
    with translation.override("en"):
        assert template.render() == "/"
        assert template.render({"_where": jinja.where("en")}) == "/"


@pytest.mark.parametrize(
    "source",
    [
        "{% once %}{{ request.path }}{% endonce %}",
        "{% once %}{% if bare %}x{% endif %}{% endonce %}",
        "{% once %}{% include 'chrome/_header.html' %}{% endonce %}",
        "{% once %}{% include template_name %}{% endonce %}",
        "{% once %}{% block title %}{% endblock %}{% endonce %}",
    ],
)
def test_a_block_that_reads_what_a_request_may_change_does_not_compile(source):
    with pytest.raises(TemplateSyntaxError):
        ENV.from_string(source)


def test_the_chrome_of_a_shared_page_is_the_same_with_or_without_memory():
    request = RequestFactory().get("/")
    context = {"page": None, "shared_render": True}
    with translation.override("en"):
        first = jinja.render_with_request("chrome/_footer.html", dict(context), request)
        jinja._ONCE.clear()
        fresh = jinja.render_with_request("chrome/_footer.html", dict(context), request)
    assert first == fresh
    assert 'lang="en" class="is-active"' in first
