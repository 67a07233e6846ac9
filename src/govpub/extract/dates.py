"""Text in, its calendar date expressions out: ISO start/end, precision and role, with offsets."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from govpub.extract.date_patterns import ANCHOR_LOOKAHEAD, ANCHOR_LOOKBACK, ANCHORS, DATE_START, RANGE_TAIL
from govpub.extract.date_roles import DateSpan, assign_roles
from govpub.extract.halfwidth import fold
from govpub.extract.numerals import cn_int, digits_value
from govpub.records import DatePrecision, DateRole

__all__ = ["DateMention", "find_dates"]


@dataclass(frozen=True)
class DateMention:
    text: str  # as written, a range "X至Y" is one mention
    start: str  # ISO YYYY-MM-DD; for a coarser precision the first day of the month/xun/year
    end: str | None  # ISO end of a range "X至Y"; None for a single date of any precision
    precision: DatePrecision
    role: DateRole
    char_start: int
    char_end: int


_RANK: dict[DatePrecision, int] = {"year": 0, "month": 1, "xun": 2, "day": 3}
_XUN_INDEX = {"上旬": 0, "中旬": 1, "下旬": 2}


@dataclass(frozen=True)
class _Point:
    """A date as written: any part may be missing and is filled from context."""

    year: int | None
    month: int | None = None
    xun: int | None = None  # 0 上旬, 1 中旬, 2 下旬
    day: int | None = None

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return "day"
        if self.xun is not None:
            return "xun"
        return "month" if self.month is not None else "year"

    def first_day(self) -> dt.date:
        """Raises ValueError for a day the calendar does not have (2月30日)."""
        assert self.year is not None
        if self.day is not None:
            return dt.date(self.year, self.month or 1, self.day)
        if self.xun is not None:
            return dt.date(self.year, self.month or 1, 1 + 10 * self.xun)
        return dt.date(self.year, self.month or 1, 1)

    def last_day(self) -> dt.date:
        assert self.year is not None
        if self.day is not None:
            return self.first_day()
        if self.month is None:
            return dt.date(self.year, 12, 31)
        month_end = calendar.monthrange(self.year, self.month)[1]
        if self.xun is not None and self.xun < 2:
            return dt.date(self.year, self.month, 10 * (self.xun + 1))
        return dt.date(self.year, self.month, month_end)


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    return int(s) if s.isascii() else cn_int(s)


def _year(s: str | None) -> int | None:
    return None if s is None else digits_value(s)


def _point(m: re.Match[str], tag: str) -> _Point | None:
    """The point whose groups are named with `tag` ("a" start, "b" end), None if absent."""
    g = m.groupdict()
    if g.get(f"{tag}y") is not None:
        xun = g[f"{tag}x"]
        return _Point(_year(g[f"{tag}y"]), _num(g[f"{tag}m"]), _XUN_INDEX[xun] if xun else None, _num(g[f"{tag}d"]))
    if g.get(f"{tag}m2") is not None:
        xun = g[f"{tag}x2"]
        return _Point(None, _num(g[f"{tag}m2"]), _XUN_INDEX[xun] if xun else None, _num(g[f"{tag}d2"]))
    if g.get(f"{tag}m3") is not None:
        return _Point(None, _num(g[f"{tag}m3"]))
    if g.get(f"{tag}d3") is not None:
        return _Point(None, None, None, _num(g[f"{tag}d3"]))
    if g.get(f"{tag}x3") is not None:
        return _Point(None, None, _XUN_INDEX[g[f"{tag}x3"]])
    return None


def _iso_point(m: re.Match[str]) -> _Point:
    return _Point(int(m["isoy"]), int(m["isom"]), None, int(m["isod"]))


def _fill(end: _Point, start: _Point) -> _Point:
    """The end of a range inherits the parts it omits from its start: "4月8日至21日"."""
    year = end.year if end.year is not None else start.year
    month = end.month
    if month is None and (end.day is not None or end.xun is not None):
        month = start.month
    return _Point(year, month, end.xun, end.day)


def _read(norm: str, m: re.Match[str]) -> tuple[_Point, _Point | None, int]:
    """The start point, the end point if a range, and where the expression ends."""
    if m["iso"] is not None:
        start: _Point = _iso_point(m)
    elif m["years"] is not None:
        return _Point(_year(m["ya"])), _Point(_year(m["yb"])), m.end()
    elif m["months"] is not None:
        year = _year(m["my"])
        return _Point(year, _num(m["ma"])), _Point(year, _num(m["mb"])), m.end()
    else:
        found = _point(m, "a")
        assert found is not None  # the "point" alternative matched
        start = found
    tail = RANGE_TAIL.match(norm, m.end())
    if tail is None:
        return start, None, m.end()
    end = _iso_point(tail) if tail["iso"] is not None else _point(tail, "b")
    return start, end, tail.end()


def _anchors(norm: str) -> list[int]:
    """Offsets of every anchor character, in order (str.find runs in C, far faster than a scan)."""
    found = []
    for ch in ANCHORS:
        i = norm.find(ch)
        while i >= 0:
            found.append(i)
            i = norm.find(ch, i + 1)
    found.sort()
    return found


def _scan(text: str) -> tuple[DateMention, ...]:
    norm = fold(text)
    found: list[tuple[int, int, _Point, _Point | None]] = []
    last_year: int | None = None
    pos = 0
    for anchor in _anchors(norm):
        if anchor < pos:
            continue
        # No match can start between pos and anchor - ANCHOR_LOOKBACK (its own anchor would come
        # first), so this finds what a scan of the whole text from pos would find, or nothing.
        m = DATE_START.search(norm, max(pos, anchor - ANCHOR_LOOKBACK), anchor + ANCHOR_LOOKAHEAD)
        if m is None or m.start() > anchor:
            continue  # a match past the anchor may be cut by the window; its own anchor finds it
        start, end, stop = _read(norm, m)
        pos = max(m.end(), m.start() + 1)
        if start.year is None and last_year is None:
            continue  # a year-less date before any year cannot be placed; skip it, do not guess
        resolved = start if start.year is not None else _Point(last_year, start.month, start.xun, start.day)
        try:
            first = resolved.first_day()
        except ValueError:
            continue  # not a calendar date: 2月30日, 13月
        resolved_end: _Point | None = None
        if end is not None:
            candidate = _fill(end, resolved)
            try:
                ok = (
                    candidate.year is not None
                    and _RANK[candidate.precision] >= _RANK[resolved.precision]
                    and candidate.first_day() >= first
                )
            except ValueError:
                ok = False
            if ok:
                resolved_end = candidate
        if resolved_end is None:
            if m["years"] is not None or m["months"] is not None:
                continue  # "2025—2023年" or "6-1月": not a range, and no single date either
            stop = m.end()  # the tail did not make a valid range: the start stands alone
        if start.year is not None:
            last_year = start.year
        if resolved_end is not None and end is not None and end.year is not None:
            last_year = end.year
        found.append((m.start(), stop, resolved, resolved_end))
        pos = stop
    spans = [DateSpan(s, e, r is not None) for s, e, _, r in found]
    roles = assign_roles(norm, spans)
    return tuple(
        DateMention(
            text=text[s:e],
            start=p.first_day().isoformat(),
            end=r.last_day().isoformat() if r is not None else None,
            precision=p.precision,
            role=role,
            char_start=s,
            char_end=e,
        )
        for (s, e, p, r), role in zip(found, roles, strict=True)
    )


@functools.lru_cache(maxsize=8)
def _cached(text: str) -> tuple[DateMention, ...]:
    # figures.py asks for the same text's dates to skip them; the cache saves a second scan.
    return _scan(text)


def find_dates(text: str) -> list[DateMention]:
    """Every calendar date expression in document order. A date without a year takes the
    most recent explicit year before it. Clock times are not dates."""
    return list(_cached(text))
