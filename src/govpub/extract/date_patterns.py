"""The regular expressions that find calendar date expressions in (half-width folded) text."""

from __future__ import annotations

import re

# Building blocks. Chinese-numeral years are read digit by digit and may carry typos for "〇":
# "○" (U+25CB) or a Latin "O" ("二O二五年"); the folded text has "Ｏ" as "O" already.
_YEAR_AR = r"(?:19|20)\d{2}"  # 2024
_YEAR_CN = r"[一二][〇零○Oo0一二三四五六七八九]{3}"  # 二〇二五 / 二○二五 / 二O二五
_YEAR = rf"(?:{_YEAR_AR}|{_YEAR_CN})"
_MONTH = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"  # 9 / 09 / 九 / 十二
_DAY = r"(?:\d{1,2}|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?|[一二三四五六七八九])"  # 18 / 十八 / 三十一
_XUN = r"[上中下]旬"  # 上旬 = days 1-10, 中旬 = 11-20, 下旬 = 21-end
# Range separators: 至 / 到 / em dash or horizontal bar (one or two) / en dash / hyphens / tildes, "起至" as in
# "自…起至…止"; up to two spaces either side (bounded, so a date never starts far before its
# 年/月: see ANCHORS).
SEPARATOR = r"[ \t\u00a0]{0,2}起?(?:至|到|—{1,2}|―{1,2}|–|‐|‑|-|~|〜|〰)[ \t\u00a0]{0,2}"

# Nothing that looks like part of a longer number may touch a date: "12024年", "1.2024年".
_NOT_AFTER_NUM = r"(?<![\d.])"
_NOT_AFTER_CN = r"(?<![〇零○一二三四五六七八九十百千万亿])"


# Text extracted from PDFs often has a space either side of 年/月/日: "2025 年 9 月 18 日".
_S = "[ ]?"


def _point(tag: str) -> str:
    """One date at year, month, xun or day precision; every group name carries `tag`."""
    return (
        rf"(?:(?P<{tag}y>{_YEAR}){_S}年"
        rf"(?:度|{_S}(?P<{tag}m>{_MONTH}){_S}月(?:{_S}(?P<{tag}d>{_DAY}){_S}[日号號]|(?P<{tag}x>{_XUN}))?)?"  # 2024年度
        rf"|(?P<{tag}m2>{_MONTH}){_S}月(?:{_S}(?P<{tag}d2>{_DAY}){_S}[日号號]|(?P<{tag}x2>{_XUN}))"
        # a year-less month on its own only with a word that makes it a time: "6月份", "9月底"
        rf"|(?P<{tag}m3>{_MONTH}){_S}月(?:份|(?=底|末|初)))"
    )


# A date expression, alternatives tried in this order at each position:
#   iso     2025-09-18, 2025.09.18, 2025/9/18 (one separator used twice; not a version "1.2.3.4")
#   years   2023—2025年, 2023年至2025年
#   months  2024年1-6月, 1至3月
#   point   2024年4月8日, 九月十八日, 2021年7月, 9月下旬, 2024年 (the range tail is matched after)
DATE_START = re.compile(
    # The leading lookahead lets the engine skip positions that cannot start a date (10x faster).
    r"(?=[\d一二三四五六七八九十廿卅])"
    rf"{_NOT_AFTER_NUM}{_NOT_AFTER_CN}(?:"
    r"(?P<iso>(?P<isoy>(?:19|20)\d{2})(?P<isosep>[-./])(?P<isom>\d{1,2})(?P=isosep)(?P<isod>\d{1,2}))(?![\d.]?\d)"
    rf"|(?P<years>(?P<ya>{_YEAR})(?:{_S}年)?{SEPARATOR}(?P<yb>{_YEAR}){_S}年)"
    rf"|(?P<months>(?:(?P<my>{_YEAR}){_S}年{_S})?(?P<ma>{_MONTH})(?:{_S}月)?{SEPARATOR}(?P<mb>{_MONTH}){_S}月(?!\d))"
    rf"|(?P<point>{_point('a')})"
    r")"
)

# What may follow a date to make it a range: the end repeats only the parts that change.
#   2024年4月8日至6月21日 / 2024年4月8日至21日 / 2024年4月至6月 / 9月上旬至中旬 / 2025-09-18至2025-10-18
RANGE_TAIL = re.compile(
    rf"{SEPARATOR}(?:"
    r"(?P<iso>(?P<isoy>(?:19|20)\d{2})(?P<isosep>[-./])(?P<isom>\d{1,2})(?P=isosep)(?P<isod>\d{1,2}))(?![\d.]?\d)"
    rf"|{_point('b')}"
    rf"|(?P<bd3>{_DAY}){_S}[日号號]"
    rf"|(?P<bx3>{_XUN})"
    r")"
)

# Every DATE_START match has one of these within ANCHOR_LOOKBACK characters of its start: the
# first 年 or 月 of a written date (furthest in "2023  起——  2025 年": 4 + 2 + 3 + 2 + 4 + 1 = 16
# characters in, spaces being bounded; the test table holds this case), or the first separator
# of an ISO date (4 in). Searching only near them lets find_dates skip the rest of the text.
ANCHORS = ("年", "月", "-", ".", "/")
ANCHOR_LOOKBACK = 20
# No DATE_START match is longer than 24 characters ("二〇二三 年  起——  二〇二五 年"), so a search
# window this far past the anchor never cuts a match that starts at or before it.
ANCHOR_LOOKAHEAD = 40
