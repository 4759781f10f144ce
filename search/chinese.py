"""Chinese text analysis for search: the one place where folding, segmentation, pinyin and
the engine's analyzers are defined.

Why: a run of Han characters has no spaces, so the database backends (SQLite FTS5,
PostgreSQL tsvector) see 万州区沙河小学 as one token and find nothing for 沙河; the engine's
standard analyzer splits it into single characters, which matches far too much. Both get
overlapping character bigrams instead (沙河 -> 沙河; 万州区沙河小学 -> 万州 州区 区沙 沙河 河小
小学): the database backends through `index_text` / `query_text` below, the engine through
the `cjk_bigram` analysis in `ENGINE_INDEX_SETTINGS`.

Every text, indexed or queried, is first folded (`fold`): Unicode NFKC (full-width Latin and
digits, compatibility characters), then traditional to simplified Chinese (OpenCC `t2s`),
then lower case. Pinyin is indexed for titles, topics and labels as "fuzzy" syllable pairs
(see `fuzzy_syllable`), so that parents who type without a Chinese input method, or with
Chongqing's merged sounds, still find the page.
"""

import re
import unicodedata
from functools import cache, lru_cache

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{HAN}]+|[^\W{HAN}_]+", re.UNICODE)
_HAN_RUN = re.compile(rf"^[{HAN}]+$")
_HAN_RUNS = re.compile(rf"[{HAN}]+")
_LATIN_WORD = re.compile(r"[a-z]+")
_HAN_CHAR = re.compile(rf"[{HAN}]")


# --- Folding --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def fold(text):
    """NFKC, traditional -> simplified, lower case: 親子閱讀 -> 亲子阅读, ｓｈａｈｅ -> shahe,
    ０-３岁 -> 0-3岁. Applied to every indexed value and every query, on every backend."""
    return _fold(text)


def _fold(text):
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    if _HAN_CHAR.search(text):
        text = _t2s().convert(text)
    return _RANGE.sub(r"\1-\2", text.lower())


# Number ranges as parents write them (3到6岁, 3~6岁, 3—6岁, 3至6岁) read like the site's 3-6岁.
_RANGE = re.compile(r"(\d+)\s*(?:到|至|~|—|–|-|－)\s*(\d+)")


def _bigrams(run):
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text):
    """Search tokens of a text: Han runs as bigrams, other words lower-cased, punctuation dropped."""
    return _folded_tokens(fold(text))


def _folded_tokens(folded):
    result = []
    for word in _TOKEN.findall(folded):
        if _HAN_RUN.match(word):
            result.extend(_bigrams(word))
        else:
            result.append(word)
    return result


def index_text(text):
    """What the database backends index for a text value: the folded text, its bigrams and
    the single characters (so that a one-character query still finds something).

    Short values (titles, labels, summaries: they repeat across the fields and pages of one
    `update_index` run) are memoised; long ones (bodies) are not, so the worker's memory stays
    bounded. The text is folded once (`fold` is not applied again to the folded text)."""
    if not text:
        return ""
    if len(text) > _MEMO_LENGTH:
        return _index_text(_fold(text))
    return _short_index_text(text)


_MEMO_LENGTH = 200


@lru_cache(maxsize=16384)
def _short_index_text(text):
    return _index_text(fold(text))


def _index_text(folded):
    extra = _folded_tokens(folded) + _HAN_CHAR.findall(folded)
    return f"{folded} {' '.join(extra)}" if extra else folded


# Characters that only glue words together at the edge of a query piece (和青春期孩子沟通,
# 孩子不跟我说话): dropped there, so that their bigrams (和青, 跟我) need not match.
_EDGE_FUNCTION_CHARS = "和跟与同给把让对在被向从为很太都也就还又最我你他她它不没别"


def strip_function_chars(piece):
    """A Han piece of a query without function characters at its edges: 和青春期 -> 青春期,
    不跟我说话 -> 说话. A piece made only of them is kept as it is."""
    stripped = piece.strip(_EDGE_FUNCTION_CHARS)
    return stripped if len(stripped) >= 2 else piece


_CHINESE_DIGITS = {
    "零": 0,
    "一": 1,
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_AGE = re.compile(r"(\d{1,2}|十?[一二两三四五六七八九]|十)(?:-(\d{1,2}))?(?:周岁|岁半|岁)")
# The site's age stages: (label, first year, year after the last).
AGE_STAGES = (("0-3岁", 0, 3), ("3-6岁", 3, 6), ("小学", 6, 12), ("初中", 12, 15), ("高中", 15, 19))


def _number(text):
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + _CHINESE_DIGITS.get(text[1:], 0)
    return _CHINESE_DIGITS.get(text)


def age_rules(text):
    """Ages in a folded query as the site's age stages, like synonyms: 5岁 -> 3-6岁,
    两岁 -> 0-3岁, 6-12岁 -> 小学, 十三岁 -> 初中. {term: [stage labels]}."""
    rules = {}
    for match in _AGE.finditer(text):
        first = _number(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if first is None or last < first:
            continue
        labels = [
            label
            for label, start, end in AGE_STAGES
            if (start <= first < end) or (first < start < last) or (first == last and first == start)
        ]
        if labels:
            rules[match.group(0)] = labels
    return rules


def query_text(query):
    """A parent's query as database-backend tokens (all must match)."""
    return " ".join(dict.fromkeys(tokens(query)))


# --- Pinyin ---------------------------------------------------------------------------------

# Every tone-less syllable of standard Mandarin as parents type it (ü as v; lue/nue too).
# Interjection-only syllables (ng, hm, m, n) are left out: they make wrong splits likelier.
PINYIN_SYLLABLES = frozenset(
    """
    a ai an ang ao
    ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu
    ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu
    chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo
    da dai dan dang dao de dei deng di dia dian diao die ding diu dong dou du duan dui dun duo
    e ei en eng er
    fa fan fang fei fen feng fo fou fu
    ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo
    ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo
    ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun
    ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo
    la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou lu luan lun
    luo lv lve lue
    ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu
    na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nu nuan nuo nv
    nve nue
    o ou
    pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu
    qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun
    ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo
    sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu
    shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo
    ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo
    wa wai wan wang wei wen weng wo wu
    xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun
    ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun
    za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng zhi zhong zhou
    zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
    """.split()  # noqa: SIM905 - a table, one initial per line
)

# Readings used in Chongqing that differ from the dictionary's (覃家岗 is Qín jiā gǎng locally;
# pypinyin reads 覃 as tán). Both readings are indexed.
LOCAL_READINGS = {"覃": "qin"}

# Sounds Chongqing speakers merge or confuse, folded to one form on both sides (index and query):
# zh/z, ch/c, sh/s, n/l, f/h (initials); ang/an, eng/en, ing/in (finals).
_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"), ("h", "f"))
_FINALS = (("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("eng", "en"), ("ing", "in"))


@cache
def fuzzy_syllable(syllable):
    """The fuzzy form of a syllable: shang -> san, lu -> nu, he -> fe, feng -> fen."""
    for typed, folded in _INITIALS:
        if syllable.startswith(typed):
            syllable = folded + syllable[len(typed) :]
            break
    for typed, folded in _FINALS:
        if syllable.endswith(typed):
            syllable = syllable[: -len(typed)] + folded
            break
    return syllable


# Typed syllables the splitter accepts: the standard ones and their fuzzy forms (fong, nve ...).
_SPLITTABLE = PINYIN_SYLLABLES | frozenset(fuzzy_syllable(s) for s in PINYIN_SYLLABLES)


@lru_cache(maxsize=16384)
def _han_syllables(run):
    """Syllable lists of a Han run: the dictionary reading, plus the local one if any.
    Memoised per run (tuples): the same words recur in thousands of titles and labels."""
    from pypinyin import Style, lazy_pinyin

    def read(part):
        return [s.replace("ü", "v") for s in lazy_pinyin(part, style=Style.NORMAL, errors="ignore")]

    standard = tuple(read(run))
    if not any(ch in LOCAL_READINGS for ch in run):
        return (standard,)
    local = []
    for piece in re.split(f"([{''.join(LOCAL_READINGS)}])", run):
        local.extend([LOCAL_READINGS[piece]] if piece in LOCAL_READINGS else read(piece) if piece else [])
    local = tuple(local)
    return (local, standard) if local != standard else (standard,)


@lru_cache(maxsize=16384)
def pinyin_of(text):
    """Tone-less pinyin syllables of the Han characters in a text: 亲子阅读 -> 'qin zi yue du'
    (local readings first: 覃家岗 -> 'qin jia gang')."""
    return " ".join(" ".join(_han_syllables(run)[0]) for run in _HAN_RUNS.findall(fold(text)))


def _syllable_pairs(syllables):
    fuzzy = [fuzzy_syllable(s) for s in syllables]
    if len(fuzzy) == 1:
        return fuzzy
    return [fuzzy[i] + fuzzy[i + 1] for i in range(len(fuzzy) - 1)]


def pinyin_tokens(text):
    """Indexed pinyin of a text: fuzzy syllable pairs of every Han run, like the character
    bigrams (沙河小学 -> safe fexiao xiaoxue), plus the initials of the run (shxx)."""
    return list(_pinyin_tokens(text))


@lru_cache(maxsize=16384)
def _pinyin_tokens(text):
    # Memoised per distinct text: labels and titles repeat across pages.
    result = []
    for run in _HAN_RUNS.findall(fold(text)):
        for syllables in _han_syllables(run):
            if not syllables:
                continue
            result.extend(_syllable_pairs(syllables))
            if len(syllables) > 1:
                result.append("".join(s[0] for s in syllables))
    return tuple(dict.fromkeys(result))


def fuzzy_key(text):
    """The joined fuzzy pinyin of a text or of typed pinyin (亲子阅读, qinziyuedu -> qinziyuedu)."""
    syllables = split_pinyin(text) if not _HAN_RUNS.search(fold(text)) else pinyin_of(text)
    return "".join(fuzzy_syllable(s) for s in (syllables or "").split())


def initials_of(text):
    return "".join(s[0] for s in pinyin_of(text).split())


def split_pinyin(query):
    """If the query is pinyin (with or without spaces, fuzzy forms allowed), its syllables;
    otherwise None. 'qinziyuedu' and 'qin zi yue du' -> 'qin zi yue du'."""
    words = fold(query).split()
    if not words or not all(word.isascii() and word.isalpha() for word in words):
        return None
    result = []
    for word in words:
        parts = _split_word(word)
        if parts is None:
            return None
        result.extend(parts)
    # A single short word ('ai', 'he') is more likely an English or Latin query.
    if len(result) < 2:
        return None
    return " ".join(result)


@lru_cache(maxsize=4096)
def _split_word(word):
    """The split into the fewest syllables (shuiqiangongdu: shui qian gong du, not
    shui qiang o ng du); ties go to the longer first syllable."""
    if len(word) > 60:
        return None

    @cache
    def best_from(start):
        if start == len(word):
            return ()
        best = None
        for end in range(min(len(word), start + 6), start, -1):
            if word[start:end] in _SPLITTABLE:
                rest = best_from(end)
                if rest is not None and (best is None or len(rest) + 1 < len(best)):
                    best = (word[start:end], *rest)
        return best

    parts = best_from(0)
    return tuple(parts) if parts is not None else None


def split_word(word):
    """One typed word (lower case, no spaces) as a tuple of syllables (standard or fuzzy), the
    fewest there can be; None when it is not pinyin. Memoised."""
    return _split_word(word)


def query_pinyin_tokens(text):
    """The pinyin tokens a typed pinyin query must match (all of them), or None."""
    syllables = split_pinyin(text)
    return _syllable_pairs(syllables.split()) if syllables else None


def mixed_to_pinyin(query):
    """A mixed query (亲子yuedu) as all-pinyin text (qin zi yuedu), or None when the query has
    no Latin word or no Han character."""
    folded = fold(query)
    if not (_HAN_RUNS.search(folded) and _LATIN_WORD.search(folded)):
        return None
    return _HAN_RUNS.sub(lambda m: " " + " ".join(_han_syllables(m.group(0))[0]) + " ", folded).strip()


def highlight_terms(query):
    """Substrings to mark in titles and snippets: the query's bigrams and Latin words."""
    terms = set(tokens(query))
    return sorted((t for t in terms if t.strip()), key=len, reverse=True)


# --- Engine (OpenSearch / Elasticsearch) analysis -------------------------------------------

# Deep-merged into modelsearch's index settings: the default analyzer of every text field
# becomes CJK bigrams plus single characters (so that 沙 or 书 alone finds something); queries
# use bigrams only (`default_search`; a lone character is kept as a unigram by cjk_bigram).
# Latin text is lower-cased and ASCII-folded. Traditional/simplified folding happens in Python
# before indexing (search/engine_backends.py), since the engine has no OpenCC.
ENGINE_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {
                "cjk_bigram_unigrams": {"type": "cjk_bigram", "output_unigrams": True},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "asciifolding", "cjk_bigram_unigrams"],
                },
                "default_search": {
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
