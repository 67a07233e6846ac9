"""Chinese and Arabic numerals as written in markers ("十一", "二十", "３") in, their int value out."""

from __future__ import annotations

from functools import lru_cache

from govpub.errors import RejectedInput

_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED_FIRST = ord("①")  # ① … ⑳ are consecutive code points U+2460…U+2473


@lru_cache(maxsize=256)
def cn_to_int(numeral: str) -> int:
    """"三" -> 3, "十一" -> 11, "二十" -> 20, "二十三" -> 23; anything rarer (百) goes to cn2an.

    The common marker range 1–99 is handled here because it is hot and cn2an's import costs
    ~0.2 s; cn2an only sees what this does not cover."""
    if numeral in _DIGITS:
        return _DIGITS[numeral]
    if "十" in numeral and len(numeral) <= 3 and numeral.count("十") == 1:
        tens, _, units = numeral.partition("十")
        if all(ch in _DIGITS for ch in tens + units):
            return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)
    import cn2an  # lazy: see docstring

    try:
        return int(cn2an.cn2an(numeral, "smart"))
    except (ValueError, KeyError) as exc:
        raise RejectedInput(f"not a numeral: {numeral!r}", stage="parse") from exc


def marker_number(numeral: str) -> int:
    """The number inside a marker: Arabic (also full-width), Chinese, or a circled digit."""
    # Circled digits first: "①".isdigit() is True but int("①") fails.
    if len(numeral) == 1 and _CIRCLED_FIRST <= ord(numeral) <= _CIRCLED_FIRST + 19:
        return ord(numeral) - _CIRCLED_FIRST + 1
    if numeral.isdecimal():
        return int(numeral)  # int() reads full-width digits as well
    return cn_to_int(numeral)
