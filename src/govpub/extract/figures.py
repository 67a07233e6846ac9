"""Quantities stated in the text: 24项, 34个行政村, 100%, 超千名.

CONTRACT (owned by the dates/contacts/figures work).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FigureMention:
    value: float
    unit: str  # "项", "个行政村", "%", "名"
    as_written: str
    context: str  # the clause around it (up to the nearest ，。；)
    char_start: int
    char_end: int


def find_figures(text: str) -> list[FigureMention]:
    raise NotImplementedError
