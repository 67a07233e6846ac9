"""Text in, the quantities it states out (24项, 34个行政村, 100%, 超千名, 1.5亿元), with value, unit and clause."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from govpub.extract.contacts import find_contacts
from govpub.extract.dates import find_dates
from govpub.extract.figure_units import ARABIC_UNIT, CN_UNIT, GE_NOUN, SLOGANS
from govpub.extract.halfwidth import fold
from govpub.extract.numerals import cn_int, number_value

__all__ = ["FigureMention", "find_figures"]


@dataclass(frozen=True)
class FigureMention:
    value: float
    unit: str  # "项", "个行政村", "%", "名"
    as_written: str
    context: str  # the clause around it (up to the nearest ，。；)
    char_start: int
    char_end: int


_APPROX_BEFORE = r"(?P<pre>超过|超過|超|逾|近|约|約)?"  # "超千名", "近3年", "约1.5亿元"
_APPROX = r"(?:余|餘|多)?"  # "300余人", "30多个", "千余名"
_MAGNITUDE = r"(?P<mag>万亿|萬億|亿|億|万|萬|千|百)?"  # after Arabic digits it joins the unit: "1.5亿元"

# "24项", "34个行政村", "100%", "1.5亿元", "3.2万人", "1,200名", "300余人". Not after a digit, a
# letter, "第" (ordinals: 第3轮), ":" (clock times 8:30) or "-"/"." (phone numbers, versions).
_ARABIC_FIGURE = (
    rf"(?<![\dA-Za-z.:/\-第])(?<!第 ){_APPROX_BEFORE}"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"
    # one space may stand before the unit in text extracted from PDFs: "完成 24 项"
    rf"[ ]?{_APPROX}{_MAGNITUDE}{_APPROX}(?P<unit>(?:[个個](?:{GE_NOUN}))|{ARABIC_UNIT})?"
)

# Traditional 兩/萬/億 too: notices from Hong Kong, Macao and Taiwan sources.
_CN_NUM = r"[零〇一二两兩三四五六七八九十百千万萬亿億]+"
# "两名", "三个", "超千名", "千余名", "三千五百人".
_CN_FIGURE = (
    r"(?<![零〇一二两兩三四五六七八九十百千万萬亿億第数數几幾“\"‘'「《])"  # not 第三, 数十家, “两个确立”, “七个一”
    r"(?<![零〇一二两兩三四五六七八九十百千万萬亿億][^\d\s])"  # not 万户 in 千家万户, 一议 in 一事一议
    r"(?P<cpre>超过|超過|超|逾|近|约|約|上(?=[百千万萬]))?"
    rf"(?P<cnum>{_CN_NUM}){_APPROX}"
    rf"(?P<cunit>(?:[个個](?:{GE_NOUN}))|{CN_UNIT})"
    r"(?![零〇一二两兩三四五六七八九十百千万萬亿億])"  # not 七个一, 三令五申
)
# One scan for both kinds; the lookahead skips positions that cannot start a figure.
FIGURE = re.compile(rf"(?=[\d超逾近约約上零〇一二两兩三四五六七八九十百千万萬亿億])(?:{_ARABIC_FIGURE}|{_CN_FIGURE})")
# "百分之五十", "百分之12.5"
PERCENT_WORDS = re.compile(r"百分之(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百点]+)")

_CLAUSE_END = re.compile(r"[,，。;；!！?？\n]")
_MAX_YEARS = 100  # "3年" is a duration; a four-digit "2024年" that is not a date is not one either


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    value: float
    unit: str


def _clause(text: str, norm: str, reversed_norm: str, start: int, end: int) -> str:
    """The clause holding text[start:end]: from the boundary before it to the one after it.
    Searching the reversed text finds the boundary before in as few steps as the one after;
    listing every boundary of a long report would cost more than all its figures."""
    before = _CLAUSE_END.search(reversed_norm, len(norm) - start)
    left = len(norm) - before.start() if before else 0
    after = _CLAUSE_END.search(norm, end)
    right = after.start() if after else len(norm)
    return text[left:right].strip()


def _figures(norm: str) -> list[_Hit]:
    hits = []
    for m in FIGURE.finditer(norm):
        if m["num"] is not None:
            unit = (m["mag"] or "") + (m["unit"] or "")
            if not unit:
                continue  # a bare number: a marker, an id, a house number — not a stated quantity
            value = number_value(m["num"])
            if unit == "年" and value >= _MAX_YEARS:
                continue
            hits.append(_Hit(m.start(), m.end(), value, unit))
            continue
        try:
            count = cn_int(m["cnum"])
        except ValueError:
            continue  # "一三产业"-like runs that are not one number
        if count == 1:
            continue  # "一个", "一批", "一项": the article "a", not a count
        hits.append(_Hit(m.start(), m.end(), float(count), m["cunit"]))
    if "百分之" not in norm:
        return hits
    for m in PERCENT_WORDS.finditer(norm):
        try:
            share = number_value(m["num"])
        except ValueError:
            continue
        hits.append(_Hit(m.start(), m.end(), share, "%"))
    return hits


def _overlaps_any(blocked: list[tuple[int, int]], first: int, hit: _Hit) -> bool:
    """Does `hit` overlap a blocked span from index `first` on (those before end before it)?"""
    for start, end in blocked[first:]:
        if start >= hit.end:
            return False
        if hit.start < end:
            return True
    return False


def _scan(text: str) -> tuple[FigureMention, ...]:
    norm = fold(text)
    # Dates, phone numbers, postcodes and addresses ("文贞楼1栋103办公室") hold numbers that are
    # not quantities; a figure overlapping one of them is dropped.
    blocked = [(d.char_start, d.char_end) for d in find_dates(text)]
    blocked += [(c.char_start, c.char_end) for c in find_contacts(text)]
    blocked += [m.span() for m in SLOGANS.finditer(norm)]
    reversed_norm = norm[::-1]
    blocked.sort()
    hits = sorted(_figures(norm), key=lambda h: (h.start, -(h.end - h.start)))
    out: list[FigureMention] = []
    taken_until = -1
    b = 0  # hits and blocked spans are both in order: walk them together
    for h in hits:
        while b < len(blocked) and blocked[b][1] <= h.start:
            b += 1
        if h.start < taken_until or _overlaps_any(blocked, b, h):
            continue
        out.append(
            FigureMention(
                value=h.value,
                unit=h.unit,
                as_written=text[h.start : h.end],
                context=_clause(text, norm, reversed_norm, h.start, h.end),
                char_start=h.start,
                char_end=h.end,
            )
        )
        taken_until = h.end
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _cached(text: str) -> tuple[FigureMention, ...]:
    return _scan(text)


def find_figures(text: str) -> list[FigureMention]:
    """Every stated quantity in document order; dates, phones and ordinals are not figures."""
    return list(_cached(text))
