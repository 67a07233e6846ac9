"""Chinese and Arabic numeral strings in, integer or float values out (二〇二五 -> 2025, 二十一 -> 21)."""

from __future__ import annotations

# Digit characters, including the typos that turn up in scraped notices: "○" (U+25CB, white
# circle) and a Latin "O"/"o" typed for "〇" in years such as "二O二五年".
CN_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0, "O": 0, "o": 0, "Ｏ": 0, "0": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "兩": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip

# Units inside one 万-section, and the section multipliers above it.
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
# 廿 (20) and 卅 (30) are shorthand still used in dates: "廿一日".
_TENS_SHORTHAND = {"廿": 20, "卅": 30}

CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS) + "".join(_TENS_SHORTHAND)

__all__ = ["CN_DIGITS", "CN_NUMERAL_CHARS", "cn_int", "digits_value", "number_value"]


def digits_value(s: str) -> int:
    """Digit-by-digit reading, as years are written: '二〇二五' -> 2025, '二O二四' -> 2024."""
    value = 0
    for ch in s:
        if ch.isdigit() and ch.isascii():
            value = value * 10 + int(ch)
        elif ch in CN_DIGITS:
            value = value * 10 + CN_DIGITS[ch]
        else:
            raise ValueError(f"not a digit sequence: {s!r}")
    return value


def cn_int(s: str) -> int:
    """A positional Chinese numeral: '二十一' -> 21, '十八' -> 18, '三千五百' -> 3500,
    '两万' -> 20000, '千' -> 1000 (a bare unit means one of it), '二〇二五' -> 2025.

    Written by hand because cn2an rejects '○'/'O' typos and a bare '千'/'百', and costs
    ~100 ms to import; tests hold this function to cn2an's answers where cn2an has one."""
    if not s:
        raise ValueError("empty numeral")
    if all(ch in CN_DIGITS for ch in s):
        return digits_value(s) if len(s) > 1 else CN_DIGITS[s]
    total = 0  # completed 亿/万 sections
    section = 0  # the current section below 万
    digit: int | None = None  # a digit waiting for its unit
    for ch in s:
        if ch in CN_DIGITS:
            if digit is not None and CN_DIGITS[ch] != 0:
                raise ValueError(f"two digits in a row: {s!r}")
            digit = CN_DIGITS[ch] if CN_DIGITS[ch] != 0 else None
        elif ch in _TENS_SHORTHAND:
            section += _TENS_SHORTHAND[ch]
            digit = None
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch in _BIG_UNITS:
            unit = _BIG_UNITS[ch]
            section += digit or 0
            digit = None
            if section == 0 and total == 0:
                section = 1
            if unit > 10_000 or total == 0:
                total = (total + section) * unit
            else:
                total += section * unit
            section = 0
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    return total + section + (digit or 0)


def number_value(s: str) -> float:
    """Arabic ('3.2', '1,200') or Chinese ('三千五百', '五点五') numeral -> its value."""
    plain = s.replace(",", "")
    try:
        return float(plain)
    except ValueError:
        pass
    whole, point, decimals = s.partition("点")
    if point:
        if not decimals or any(ch not in CN_DIGITS for ch in decimals):
            raise ValueError(f"not a decimal numeral: {s!r}")
        # digits after 点 are read one by one: 五点零五 = 5.05
        return float(f"{cn_int(whole)}." + "".join(str(CN_DIGITS[ch]) for ch in decimals))
    return float(cn_int(s))
