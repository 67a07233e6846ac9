"""Inline enumerated action items (一是…二是…, （1）…（2）… inside a paragraph).

CONTRACT (owned by the parse work).
"""

from __future__ import annotations

from dataclasses import dataclass

from govpub.parse.tree import ReportTree


@dataclass(frozen=True)
class MeasureMention:
    marker: str  # as written: "一是", "（1）"
    ordinal: int  # 1 for 一是
    summary: str  # the lead clause: text after the marker up to the first "。"
    text: str  # the whole item: after the marker up to the next item or the paragraph's end
    char_start: int  # offset of the marker in tree.text
    char_end: int


def find_measures(tree: ReportTree) -> list[MeasureMention]:
    raise NotImplementedError
