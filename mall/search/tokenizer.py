"""Chinese text → search tokens. Indexing and querying share this code, so both sides agree.

jieba splits Chinese into words; every piece is normalised (NFKC, lower case) and split on
anything that is not a letter or digit. Tokens are therefore plain letter/digit runs, which is
also what makes them safe to quote in FTS5 and tsquery syntax.

Documents use jieba's search mode (`清扬男士去屑洗发水` → 清扬 男士 去屑 洗发 发水 洗发水 …);
a product name adds its single characters (so `鞋` finds `运动鞋`) and the pinyin initials of its
words (so `sj` finds `手机`, `xfs` finds `洗发水`). Queries use the precise cut, whose words are
all among a document's search-mode tokens.

HMM new-word discovery is off: it guesses differently depending on the surrounding text, so
the same word could be cut one way in a product and another way in a query.
"""

import functools
import itertools
import logging
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import jieba
from pypinyin import Style, pinyin

WORD = re.compile(r"[^\W_]+")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
MAX_QUERY_CHARS = 64
MAX_QUERY_TERMS = 8
MAX_TOKEN_CHARS = 32
MAX_READINGS = 4
MALL_WORDS = Path(__file__).with_name("mall_words.txt")


@functools.cache
def _jieba() -> jieba.Tokenizer:
    """A private jieba instance with the mall's vocabulary, built once per process (~1 s)."""
    logging.getLogger("jieba").setLevel(logging.WARNING)  # jieba sets DEBUG on import
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(MALL_WORDS))
    return tokenizer


def normalize(text: str) -> str:
    """Full-width forms to half-width (ｉＰｈｏｎｅ１５ → iphone15), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _runs(text: str) -> list[str]:
    """The letter/digit runs of a normalised text: what jieba is given, one at a time."""
    return WORD.findall(normalize(text))


def _tokens(pieces: Iterable[str]) -> list[str]:
    return [word[:MAX_TOKEN_CHARS] for piece in pieces for word in WORD.findall(piece)]


@functools.lru_cache(maxsize=100_000)
def _segment_run(run: str) -> tuple[str, ...]:
    return tuple(_tokens(_jieba().cut_for_search(run, HMM=False)))


@functools.lru_cache(maxsize=50_000)
def segment(text: str) -> tuple[str, ...]:
    """Search-mode tokens of a text. Cached, and jieba runs once per distinct letter/digit run:
    brands, categories and product-type words repeat across a catalog, and jieba is the slow
    part of indexing."""
    return tuple(token for run in _runs(text) for token in _segment_run(run))


@functools.lru_cache(maxsize=50_000)
def initials(word: str) -> tuple[str, ...]:
    """Pinyin initials of a Chinese word of two or more characters, one per reading of its
    heteronyms (长裙 → zq, cq); none for other words."""
    if len(word) < 2 or not HAN.fullmatch(word):
        return ()
    readings = pinyin(word, style=Style.FIRST_LETTER, heteronym=True)
    combos = itertools.islice(itertools.product(*readings), MAX_READINGS)
    return tuple(dict.fromkeys("".join(combo) for combo in combos))


def name_tokens(name: str) -> list[str]:
    """Tokens of a product name: its words, its Chinese characters, its words' initials."""
    words = segment(name)
    characters = dict.fromkeys(char for run in HAN.findall(normalize(name)) for char in run)
    abbreviations = [abbr for word in words for abbr in initials(word)]
    return [*words, *(c for c in characters if c not in words), *abbreviations]


def text_tokens(*texts: str | None) -> list[str]:
    return [token for text in texts if text for token in segment(text)]


def query_terms(text: str) -> tuple[str, ...]:
    """What a shopper typed, as index tokens (distinct, in order, at most MAX_QUERY_TERMS)."""
    cut = _jieba().cut
    words = (word for run in _runs(text[:MAX_QUERY_CHARS]) for word in _tokens(cut(run, HMM=False)))
    return tuple(dict.fromkeys(words))[:MAX_QUERY_TERMS]
