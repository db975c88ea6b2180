"""Highlighting what a search matched in a product name, safely."""

import re
from collections.abc import Collection

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from mall.search.tokenizer import initials, segment


def _needles(name: str, terms: Collection[str]) -> set[str]:
    """The terms, plus the name's words whose pinyin initials are a term (sj → 手机)."""
    if not any(term.isascii() and term.isalpha() for term in terms):
        return set(terms)  # no term can be initials: spare segmenting the name
    abbreviated = {word for word in segment(name) if not terms.isdisjoint(initials(word))}
    return {*terms, *abbreviated}


def highlight(name: str, terms: Collection[str]) -> SafeString:
    """`name` HTML-escaped, with <em> around each part a term matched (ignoring case)."""
    needles = _needles(name, set(terms))
    if not needles:
        return escape(name)
    longest_first = sorted(needles, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, longest_first)), re.IGNORECASE)
    parts, position = [], 0
    for match in pattern.finditer(name):
        parts += [escape(name[position : match.start()]), format_html("<em>{}</em>", match[0])]
        position = match.end()
    parts.append(escape(name[position:]))
    return mark_safe("".join(parts))  # every piece above is escaped
