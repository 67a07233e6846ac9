"""Text in, candidate GB/T 9704 heading markers out (level, ordinal, offsets, at line start or not).

Levels: 1 "一、", 2 "（一）", 3 "1." / "1．" / "1、", 4 "（1）", 5 "①". Brackets and the
full stop may be full- or half-width (the seed was normalised to ASCII "(一)"). Whether a
candidate really opens a section is decided by parse.sections, which knows the sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from govpub.parse.numerals import marker_number

Level = Literal[1, 2, 3, 4, 5]
LEVELS: tuple[Level, ...] = (1, 2, 3, 4, 5)

_CN = "[一二三四五六七八九十]{1,3}"  # "三", "十一", "二十三"
_AR = "(?:[0-9]{1,2}|[０-９]{1,2})"  # "3", "12", "３"; three digits and more are years or amounts
_SP = r"[ \t\u3000]"  # indentation and stray spaces, including the ideographic space U+3000

# Where a heading may begin: at a line start after indentation ("　　一、"), or, in text whose
# line breaks were lost, right after a sentence end ("…行动自觉。(二)加强…") or after a space
# that stood in for a line break ("…责任情况 (一)提高…").
_LEAD = rf"(?P<lead>^{_SP}*|[。！？!?]{_SP}*|(?<=[^\s\u3000]){_SP}+)"

MARKER = re.compile(
    _LEAD
    + r"(?P<marker>"
    + rf"(?P<l1>(?P<n1>{_CN})、)"  # 一、党工委履行巡察整改主体责任情况
    + rf"|(?P<l2>[（(]{_SP}*(?P<n2>{_CN}){_SP}*[）)])"  # （一）提高政治站位 / (一)提高政治站位
    # 1.加快推动… / 1．… / 1、… but not 1.5亿元, "1. 5", 2024. (too many digits), 第1.2条 (not a lead)
    + rf"|(?P<l3>(?P<n3>{_AR})(?:[.．](?!{_SP}*[0-9０-９])|、))"
    + rf"|(?P<l4>[（(]{_SP}*(?P<n4>{_AR}){_SP}*[）)])"  # （1）完善制度 / (1)完善制度
    + r"|(?P<l5>(?P<n5>[\u2460-\u2473]))"  # ①建立台账
    + r")",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Candidate:
    level: Level
    marker: str  # as written, e.g. "(一)" or "1．"
    ordinal: int
    start: int  # offset of the marker
    end: int  # offset just after the marker
    line_start: bool  # the marker begins its line (after indentation): a strong candidate


def find_candidates(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for m in MARKER.finditer(text):
        level = next(lv for lv in LEVELS if m.group(f"l{lv}") is not None)
        start = m.start("marker")
        lead = m.group("lead")
        line_start = not lead.strip(" \t\u3000") and (m.start() == 0 or text[m.start() - 1] == "\n")
        found.append(Candidate(level=level, marker=m.group("marker"), ordinal=marker_number(m.group(f"n{level}")),
                               start=start, end=m.end("marker"), line_start=line_start))
    return found
