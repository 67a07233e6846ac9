"""A Document in, its ReportTree out: every numbered heading (GB/T 9704 levels) and the text it governs."""

from __future__ import annotations

import re

from govpub.errors import RejectedInput
from govpub.ingest.document import Document
from govpub.parse.markers import Candidate, find_candidates
from govpub.parse.normalise import normalise
from govpub.parse.tree import ReportTree, Section

_SPACES = " \t\u3000"
# In a line whose breaks were lost, a heading ends where a space stands between two
# characters: "一、党工委履行巡察整改主体责任情况 党工委坚定扛起…".
GAP = re.compile(r"(?<=[^\s\u3000])[ \t\u3000]+(?=[^\s\u3000])")
# A line this long with one mid-line "二、" or "（二）" has lost its line breaks; real
# paragraphs rarely run this long, flattened documents always do.
FLAT_LINE_CHARS = 500


def parse(document: Document) -> ReportTree:
    """Normalise the text (keep offsets meaningful for ReportTree.text) and find every
    numbered heading at every level, in document order."""
    text = normalise(document.text)
    if not text.strip():
        raise RejectedInput(f"{document.source.name}: no text to parse", stage="parse", source=document.source.uri)
    accepted = _accept(text, find_candidates(text))
    return ReportTree(document=document, text=text, sections=_build(text, accepted))


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def _flat_lines(text: str, candidates: list[Candidate]) -> set[int]:
    """Starts of lines that lost their line breaks: they hold several mid-line markers of
    levels 1–3, or one "二、"/"（二）" in a long run. Elsewhere a mid-line marker is an inline
    enumeration inside a paragraph ("…如下。（1）…"), a measure, not a section."""
    weak_by_line: dict[int, list[Candidate]] = {}
    for c in candidates:
        if not c.line_start:
            weak_by_line.setdefault(_line_bounds(text, c.start)[0], []).append(c)
    flat = set()
    for line_start, weak in weak_by_line.items():
        line_end = _line_bounds(text, line_start)[1]
        upper = [c for c in weak if c.level <= 3]
        if len(upper) >= 2 or (upper and upper[0].level <= 2 and line_end - line_start >= FLAT_LINE_CHARS):
            flat.add(line_start)
    return flat


def _accept(text: str, candidates: list[Candidate]) -> list[tuple[Candidate, bool]]:
    """Keep the candidates that open sections, each with whether its line is flat.

    A marker at a line start is a heading even out of sequence (a "（二）" whose "（一）" is
    missing). A mid-line marker in a flat line must continue the sequence: the next ordinal
    at its level under the same parent, or 1 when that level is not open yet."""
    flat = _flat_lines(text, candidates) if any(not c.line_start for c in candidates) else set()
    last: dict[int, int] = {}  # level -> ordinal of the latest section at that level on the current chain
    accepted: list[tuple[Candidate, bool]] = []
    for c in candidates:
        in_flat = _line_bounds(text, c.start)[0] in flat if flat else False
        if not c.line_start:
            if not in_flat:
                continue
            expected = last[c.level] + 1 if c.level in last else 1
            if c.ordinal != expected:
                continue
        last[c.level] = c.ordinal
        for deeper in [lv for lv in last if lv > c.level]:
            del last[deeper]
        accepted.append((c, in_flat))
    return accepted


def _build(text: str, accepted: list[tuple[Candidate, bool]]) -> tuple[Section, ...]:
    sections: list[Section] = []
    stack: list[Section] = []  # the chain of open sections, outermost first
    for i, (c, in_flat) in enumerate(accepted):
        next_start = accepted[i + 1][0].start if i + 1 < len(accepted) else len(text)
        head_start = c.end
        while head_start < next_start and text[head_start] in _SPACES:
            head_start += 1
        limit = min(_line_bounds(text, c.start)[1], next_start)
        if in_flat:
            gap = GAP.search(text, head_start, limit)
            if gap is not None:
                limit = gap.start()
        stop = text.find("。", head_start, limit)
        heading_end, body_start = (stop, stop + 1) if stop >= 0 else (limit, limit)
        while stack and stack[-1].level >= c.level:
            stack.pop()
        by_level = {s.level: s.ordinal for s in stack}
        path = ".".join(str(by_level.get(level, 0)) for level in range(1, c.level))
        path = f"{path}.{c.ordinal}" if path else str(c.ordinal)
        section = Section(
            index=i,
            level=c.level,
            marker=c.marker,
            ordinal=c.ordinal,
            path=path,
            parent=stack[-1].index if stack else None,
            heading=text[head_start:heading_end].strip(_SPACES),
            body=text[body_start:next_start].strip(),
            start=c.start,
            end=next_start,
        )
        sections.append(section)
        stack.append(section)
    return tuple(sections)
