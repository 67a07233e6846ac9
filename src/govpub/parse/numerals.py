"""Chinese and Arabic numerals as written in markers ("十一", "二十", "３") in, their int value out."""

from __future__ import annotations

import re
from functools import lru_cache

_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
# The canonical spellings of 1–99: "三", "十", "十一", "二十", "二十三"; not "三二" or "十十".
UP_TO_99 = re.compile(r"(?P<tens>[一二三四五六七八九]?)(?P<ten>十)?(?P<units>[一二三四五六七八九两兩]?)")
_CIRCLED_FIRST = ord("①")  # ① … ⑳ are consecutive code points U+2460…U+2473


@lru_cache(maxsize=256)
def cn_to_int(numeral: str) -> int | None:
    """"三" -> 3, "十一" -> 11, "二十三" -> 23, "一百零五" -> 105; None for what is no numeral
    ("三二", "十十", "一一").

    The marker range 1–99 is handled here because it is hot and cn2an costs ~0.2 s to import;
    cn2an (strict mode) only sees longer numerals."""
    if numeral in _DIGITS:
        return _DIGITS[numeral]
    m = UP_TO_99.fullmatch(numeral)
    if m is not None and numeral:
        if not m.group("ten"):
            return None  # two digits without 十 ("三二") are no numeral
        tens = _DIGITS[m.group("tens")] if m.group("tens") else 1
        return tens * 10 + (_DIGITS[m.group("units")] if m.group("units") else 0)
    if "百" not in numeral and "千" not in numeral:
        return None
    import cn2an  # lazy: see docstring

    try:
        return int(cn2an.cn2an(numeral, "strict"))
    except ValueError:
        return None


def marker_number(numeral: str) -> int | None:
    """The number inside a marker: Arabic (also full-width), Chinese, or a circled digit."""
    # Circled digits first: "①".isdigit() is True but int("①") fails.
    if len(numeral) == 1 and _CIRCLED_FIRST <= ord(numeral) <= _CIRCLED_FIRST + 19:
        return ord(numeral) - _CIRCLED_FIRST + 1
    if numeral.isdecimal():
        return int(numeral)  # int() reads full-width digits as well
    return cn_to_int(numeral)
