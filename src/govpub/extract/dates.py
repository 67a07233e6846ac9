"""Calendar date expressions with their ISO start/end, precision and role.

CONTRACT (owned by the dates/contacts/figures work).
"""

from __future__ import annotations

from dataclasses import dataclass

from govpub.records import DatePrecision, DateRole


@dataclass(frozen=True)
class DateMention:
    text: str  # as written, a range "X至Y" is one mention
    start: str  # ISO YYYY-MM-DD; for a coarser precision the first day of the month/xun/year
    end: str | None  # ISO end of a range "X至Y"; None for a single date of any precision
    precision: DatePrecision
    role: DateRole
    char_start: int
    char_end: int


def find_dates(text: str) -> list[DateMention]:
    """Every calendar date expression in document order. A date without a year takes the
    most recent explicit year before it. Clock times are not dates."""
    raise NotImplementedError
