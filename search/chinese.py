"""Chinese text analysis for search: the one place where segmentation, pinyin and the
engine's analyzers are defined.

Why: a run of Han characters has no spaces, so the database backends (SQLite FTS5,
PostgreSQL tsvector) see 万州区沙河小学 as one token and find nothing for 沙河; the engine's
standard analyzer splits it into single characters, which matches far too much. Both get
overlapping character bigrams instead (沙河 -> 沙河; 万州区沙河小学 -> 万州 州区 区沙 沙河 河小
小学): the database backends through `index_text` / `query_text` below, the engine through
the `cjk_bigram` analysis in `ENGINE_INDEX_SETTINGS`. Pinyin makes titles findable by
parents who type without a Chinese input method.
"""

import re
from functools import cache, lru_cache

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{HAN}]+|[^\W{HAN}_]+", re.UNICODE)
_HAN_RUN = re.compile(rf"^[{HAN}]+$")


def _bigrams(run):
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text):
    """Search tokens of a text: Han runs as bigrams, other words lower-cased, punctuation dropped."""
    result = []
    for match in _TOKEN.finditer(text or ""):
        word = match.group(0)
        if _HAN_RUN.match(word):
            result.extend(_bigrams(word))
        else:
            result.append(word.lower())
    return result


def index_text(text):
    """What the database backends index for a text value: the text itself, its bigrams and
    the single characters (so that a one-character query still finds something)."""
    text = text or ""
    han_chars = [ch for ch in text if re.match(rf"[{HAN}]", ch)]
    extra = tokens(text) + han_chars
    return f"{text} {' '.join(extra)}" if extra else text


def query_text(query):
    """A parent's query as database-backend tokens (all must match)."""
    return " ".join(dict.fromkeys(tokens(query)))


# --- Pinyin ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _syllables():
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.contrib.tone_convert import to_normal

    found = set()
    for readings in PINYIN_DICT.values():
        for reading in readings.split(","):
            normal = to_normal(reading).replace("ü", "v")
            if normal.isascii() and normal.isalpha():
                found.add(normal)
    # Interjection-only readings (嗯 ng, 呣 m ...) make wrong splits more likely than right ones.
    return frozenset(found - {"ng", "hng", "m", "hm", "n"})


def pinyin_of(text):
    """Tone-less pinyin syllables of the Han characters in a text: 亲子阅读 -> 'qin zi yue du'."""
    from pypinyin import Style, lazy_pinyin

    han = "".join(re.findall(rf"[{HAN}]+", text or ""))
    return " ".join(lazy_pinyin(han, style=Style.NORMAL, v_to_u=False, errors="ignore")).replace("ü", "v")


def split_pinyin(query):
    """If the query is pinyin (with or without spaces), its syllables; otherwise None.

    'qinziyuedu' and 'qin zi yue du' -> 'qin zi yue du'. A longest-match split is tried with
    backtracking, so 'xian' stays one syllable and 'xi an' (with a space) two."""
    words = (query or "").lower().split()
    if not words or not all(word.isascii() and word.isalpha() for word in words):
        return None
    syllables = _syllables()
    result = []
    for word in words:
        parts = _split_word(word, syllables)
        if parts is None:
            return None
        result.extend(parts)
    # A single short word ('ai', 'he') is more likely an English or Latin query.
    if len(result) < 2:
        return None
    return " ".join(result)


def _split_word(word, syllables):
    """The split into the fewest syllables (shuiqiangongdu: shui qian gong du, not
    shui qiang o ng du); ties go to the longer first syllable."""

    @cache
    def best_from(start):
        if start == len(word):
            return ()
        best = None
        for end in range(min(len(word), start + 6), start, -1):
            if word[start:end] in syllables:
                rest = best_from(end)
                if rest is not None and (best is None or len(rest) + 1 < len(best)):
                    best = (word[start:end], *rest)
        return best

    parts = best_from(0)
    return list(parts) if parts is not None else None


def highlight_terms(query):
    """Substrings to mark in titles and snippets: the query's bigrams and Latin words."""
    terms = set(tokens(query))
    return sorted((t for t in terms if t.strip()), key=len, reverse=True)


# --- Engine (OpenSearch / Elasticsearch) analysis -------------------------------------------

# Deep-merged into modelsearch's index settings: the default analyzer of every text field
# (and of queries on them) becomes CJK bigrams; Latin text is lower-cased and ASCII-folded.
ENGINE_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "asciifolding", "cjk_bigram"],
                },
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "asciifolding", "cjk_bigram", "edgengram"],
                },
            },
        }
    }
}
