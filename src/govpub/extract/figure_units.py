"""The closed vocabularies of figures: units after a number, nouns counted with 个, and slogans that are not counts."""

from __future__ import annotations

import re

# Simplified -> Traditional for the characters of the words below, so "24項", "34個行政村" and
# "1.5億元" are read like their Simplified forms (a unit is reported as written).
_TRADITIONAL = str.maketrans(
    "项个条处户辆场栋间类轮亿万区门单问题党组织业乡镇园学医专点顷时钟亩吨领规两维护责务确识课会议开体台",
    "項個條處戶輛場棟間類輪億萬區門單問題黨組織業鄉鎮園學醫專點頃時鐘畝噸領規兩維護責務確識課會議開體臺",
)


def _with_traditional(words: list[str]) -> list[str]:
    return words + [t for t in (w.translate(_TRADITIONAL) for w in words) if t not in words]


def _alternation(words: list[str]) -> str:
    # Longest first, so "亿元" wins over "亿" and "个百分点" over "个".
    return "|".join(re.escape(w) for w in sorted(_with_traditional(words), key=len, reverse=True))


# Units that follow an Arabic number: "1.5亿元", "100%", "3.2万人", "24项", "5平方公里".
MONEY = ["亿元", "万元", "千元", "元", "美元", "万美元", "亿美元"]
PERCENT = ["%", "‰", "个百分点", "百分点"]
MEASURE = [
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "公里",
    "千米",
    "公顷",
    "亩",
    "吨",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "米",
]
DURATION = ["个工作日", "工作日", "个月", "小时", "分钟", "天", "周"]
COUNT = [
    "项", "个", "名", "人次", "人", "家", "件", "次", "条", "所", "座", "处", "批次", "批", "户", "套",
    "台", "辆", "场", "期", "篇", "份", "栋", "间", "支", "类", "种", "位", "宗", "起", "轮", "倍",
]  # fmt: skip

# Chinese numerals are words as often as numbers ("一批", "两个维护"); they count only before
# these classifiers, and never as "一" alone (see figures.py).
CN_COUNT = ["项", "个", "名", "人次", "人", "家", "件", "次", "条", "所", "座", "处", "批", "户", "位", "支", "类", "种",
            "场", "轮"]  # fmt: skip

# What 个 counts, kept in the unit so "34个行政村" reads on its own ("个" alone says nothing).
# A short list of nouns these reports count; anything else leaves the unit as "个".
COUNTED_WITH_GE = [
    "行政村", "自然村", "村", "社区", "街道", "乡镇", "镇", "部门", "单位", "项目", "问题", "党支部",
    "党组织", "企业", "小组", "领域", "方面", "园区", "学校", "医院", "班子", "专班", "平台", "点位",
]  # fmt: skip

# Named political formulas that contain a count but are names, not quantities: "中央八项规定精神".
SLOGAN_WORDS = ["八项规定", "两个确立", "两个维护", "四个意识", "四个自信", "四个全面", "三个代表", "两个责任",
                "两个务必", "三会一课", "四议两公开", "五位一体"]  # fmt: skip
SLOGANS = re.compile(_alternation(SLOGAN_WORDS))

ARABIC_UNIT = _alternation(MONEY + PERCENT + MEASURE + DURATION + COUNT + ["年"])
CN_UNIT = _alternation(CN_COUNT)
GE_NOUN = _alternation(COUNTED_WITH_GE)
