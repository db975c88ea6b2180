"""The learning centre's seller pages: the article list (category tabs, search) and one article."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mall.learning import selectors
from mall.merchants.permissions import Perm
from mall.merchants.selectors import require_membership

PAGE_SIZE = 12


@login_required
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    member = require_membership(request.user, Perm.READ_LEARNING)
    categories = selectors.categories()
    slug = request.GET.get("category", "")
    category = next((c for c in categories if c.slug == slug), None)
    search = request.GET.get("q", "")[: selectors.SEARCH_MAX_LENGTH]
    articles = selectors.published_articles(category, search)
    context = {
        "member": member,
        "categories": categories,
        "category": category,
        "q": search,
        "page": Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "learning/article_list.html", context)


@login_required
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = require_membership(request.user, Perm.READ_LEARNING)
    article = selectors.published_article(pk)
    return render(request, "learning/article_detail.html", {"member": member, "article": article})
