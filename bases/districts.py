"""Chongqing's districts and counties: one fixed list for bases and practice sites.

The 26 districts and 12 counties (8 of them autonomous counties) of the municipality, in the
order of the city's own lists, plus the three functional areas that report to the women's
federation and the education commission as a district does (两江新区, 重庆高新区, 万盛经开区).

Codes are short pinyin slugs so that filtered lists have readable, shareable URLs
(/bases/?district=jiangbei); names are what people read and type.
"""

DISTRICTS = [
    ("wanzhou", "万州区"),
    ("qianjiang", "黔江区"),
    ("fuling", "涪陵区"),
    ("yuzhong", "渝中区"),
    ("dadukou", "大渡口区"),
    ("jiangbei", "江北区"),
    ("shapingba", "沙坪坝区"),
    ("jiulongpo", "九龙坡区"),
    ("nanan", "南岸区"),
    ("beibei", "北碚区"),
    ("qijiang", "綦江区"),
    ("dazu", "大足区"),
    ("yubei", "渝北区"),
    ("banan", "巴南区"),
    ("changshou", "长寿区"),
    ("jiangjin", "江津区"),
    ("hechuan", "合川区"),
    ("yongchuan", "永川区"),
    ("nanchuan", "南川区"),
    ("bishan", "璧山区"),
    ("tongliang", "铜梁区"),
    ("tongnan", "潼南区"),
    ("rongchang", "荣昌区"),
    ("kaizhou", "开州区"),
    ("liangping", "梁平区"),
    ("wulong", "武隆区"),
    ("chengkou", "城口县"),
    ("fengdu", "丰都县"),
    ("dianjiang", "垫江县"),
    ("zhongxian", "忠县"),
    ("yunyang", "云阳县"),
    ("fengjie", "奉节县"),
    ("wushan", "巫山县"),
    ("wuxi", "巫溪县"),
    ("shizhu", "石柱土家族自治县"),
    ("xiushan", "秀山土家族苗族自治县"),
    ("youyang", "酉阳土家族苗族自治县"),
    ("pengshui", "彭水苗族土家族自治县"),
    ("liangjiang", "两江新区"),
    ("gaoxin", "重庆高新区"),
    ("wansheng", "万盛经开区"),
]

DISTRICT_CHOICES = DISTRICTS
DISTRICT_NAMES = dict(DISTRICTS)
DISTRICT_CODES = [code for code, _ in DISTRICTS]
# Position in the official order, for sorting lists by district.
DISTRICT_ORDER = {code: position for position, (code, _) in enumerate(DISTRICTS)}

# Short forms people write in spreadsheets.
_ALIASES = {
    "高新区": "gaoxin",
    "重庆高新技术产业开发区": "gaoxin",
    "两江": "liangjiang",
    "万盛": "wansheng",
    "万盛经济技术开发区": "wansheng",
    "石柱县": "shizhu",
    "秀山县": "xiushan",
    "酉阳县": "youyang",
    "彭水县": "pengshui",
}


def district_name(code):
    return DISTRICT_NAMES.get(code, "")


def _short(name):
    for suffix in ("土家族苗族自治县", "苗族土家族自治县", "土家族自治县", "区", "县"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


_LOOKUP = {}
for _code, _name in DISTRICTS:
    _LOOKUP[_code] = _code
    _LOOKUP[_name] = _code
    _LOOKUP.setdefault(_short(_name), _code)
_LOOKUP.update(_ALIASES)


def find_district(text):
    """The code of a district written as its code, full name or usual short form
    ("江北区", "江北", "jiangbei", "秀山县"); None when it is not one of ours."""
    text = "".join((text or "").split())
    if text.startswith("重庆市"):
        text = text[3:]
    return _LOOKUP.get(text) or _LOOKUP.get(text.lower())
