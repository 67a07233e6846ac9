"""A ReportTree in, its inline enumerated action items out (一是…二是…, （1）…（2）… inside a paragraph)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from govpub.parse.numerals import marker_number
from govpub.parse.tree import ReportTree

EnumerationKind = Literal["shi", "paren"]


@dataclass(frozen=True)
class MeasureMention:
    marker: str  # as written: "一是", "（1）"
    ordinal: int  # 1 for 一是
    summary: str  # the lead clause: text after the marker up to the first "。"
    text: str  # the whole item: after the marker up to the next item or the paragraph's end
    char_start: int  # offset of the marker in tree.text
    char_end: int


# "一是促进一三产业加快发展。" -> 一是; the numeral must stand at a clause start, which is what
# separates it from 就是/也是/还是/统一是 (checked in code: a lookbehind cannot say "line start
# or one of these characters after optional spaces").
SHI = re.compile(r"(?=[一二三四五六七八九十])(?P<num>[一二三四五六七八九十]{1,3})是")  # lookahead: fast skip
# "…措施如下：（1）建立台账；（2）…" -> （1）, （2）. Circled digits are not measures: the gold
# conventions count "①" only as a level-5 heading at a line start.
PAREN = re.compile(r"[（(][ \t\u3000]*(?P<num>[0-9０-９]{1,2})[ \t\u3000]*[）)]")
# What may stand right before an item's marker (after optional spaces): a clause boundary.
CLAUSE_START = frozenset("。；;：:，,！？!?")
_SPACES = " \t\u3000"
_TRAILING = " \t\u3000\n；;，,、"


@dataclass(frozen=True)
class _Item:
    kind: EnumerationKind
    marker: str
    ordinal: int
    start: int
    end: int  # end of the marker


def _at_clause_start(text: str, pos: int, marker_ends: frozenset[int]) -> bool:
    i = pos
    while i > 0 and text[i - 1] in _SPACES:
        i -= 1
    return i == 0 or text[i - 1] == "\n" or text[i - 1] in CLAUSE_START or i in marker_ends


def _candidates(text: str, section_starts: frozenset[int], marker_ends: frozenset[int]) -> list[_Item]:
    items: list[_Item] = []
    kinds: tuple[tuple[EnumerationKind, re.Pattern[str]], ...] = (("shi", SHI), ("paren", PAREN))
    for kind, pattern in kinds:
        for m in pattern.finditer(text):
            if m.start() in section_starts or not _at_clause_start(text, m.start(), marker_ends):
                continue
            ordinal = marker_number(m.group("num"))
            if ordinal is not None:
                items.append(_Item(kind, m.group(0), ordinal, m.start(), m.end()))
    items.sort(key=lambda it: it.start)
    return items


def find_measures(tree: ReportTree) -> list[MeasureMention]:
    text = tree.text
    starts = [s.start for s in tree.sections]
    section_starts = frozenset(starts)
    marker_ends = frozenset(s.start + len(s.marker) for s in tree.sections)

    def scope(pos: int) -> int:  # index of the section holding pos, -1 before the first
        return bisect.bisect_right(starts, pos) - 1

    # Keep the items that form sequences 1, 2, 3… of one kind within one section, and link
    # each item to the next of its sequence (where its text ends).
    kept: list[tuple[_Item, int]] = []
    following: dict[int, int] = {}  # index in kept -> start of the next item of the same sequence
    last: dict[tuple[EnumerationKind, int], tuple[int, int]] = {}  # (kind, section) -> (ordinal, index)
    for it in _candidates(text, section_starts, marker_ends):
        where = scope(it.start)
        key = (it.kind, where)
        previous = last.get(key)
        if it.ordinal == 1 or (previous is not None and previous[0] == it.ordinal - 1):
            if previous is not None and previous[0] == it.ordinal - 1:
                following[previous[1]] = it.start
            last[key] = (it.ordinal, len(kept))
            kept.append((it, where))

    mentions: list[MeasureMention] = []
    for n, (it, where) in enumerate(kept):
        limit = text.find("\n", it.end)
        limit = len(text) if limit < 0 else limit
        if where + 1 < len(starts):
            limit = min(limit, starts[where + 1])
        limit = min(limit, following.get(n, limit))
        begin = it.end
        while begin < limit and text[begin] in _SPACES:
            begin += 1
        body = text[begin:limit].rstrip(_TRAILING)
        if not body.strip("。"):
            continue  # "一是。" or a marker at the very end: nothing a reader could act on
        stop = body.find("。")
        summary = body[:stop] if stop >= 0 else body.rstrip("。")
        mentions.append(MeasureMention(marker=it.marker, ordinal=it.ordinal, summary=summary.strip(_SPACES),
                                       text=body, char_start=it.start, char_end=begin + len(body)))
    return mentions
