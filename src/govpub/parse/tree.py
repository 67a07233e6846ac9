"""The ReportTree: a Document's text cut into numbered sections (GB/T 9704 levels)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property

from govpub.ingest.document import Document


@dataclass(frozen=True)
class Section:
    """One numbered heading and the text it governs, up to the next heading of any level."""

    index: int  # position among the document's sections, 0-based, in document order
    level: int  # 1 "一、", 2 "（一）", 3 "1.", 4 "（1）", 5 "①"
    marker: str  # as written, e.g. "(一)" or "1．"
    ordinal: int  # the marker's number: "（三）" -> 3
    path: str  # ordinals from level 1 down, e.g. "2.3.1" (a skipped level counts as 0)
    parent: int | None  # index of the enclosing section, None at the top
    heading: str  # text after the marker up to the first "。" on its line, else the rest of the line
    body: str  # text after the heading up to the next section (stripped)
    start: int  # offset of the marker in ReportTree.text
    end: int  # offset where the next section (or the text) starts


@dataclass(frozen=True)
class ReportTree:
    document: Document
    text: str  # the text that every offset refers to (the document's text, normalised)
    sections: tuple[Section, ...]

    @cached_property
    def _starts(self) -> list[int]:
        # cached_property writes the instance __dict__ directly, which a frozen dataclass allows.
        return [section.start for section in self.sections]

    def section_at(self, offset: int) -> Section | None:
        """The innermost section whose span holds `offset` (sections do not overlap, so it is
        the last one starting at or before it). Extract asks this for every row: a bisection."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0 or offset >= self.sections[i].end:
            return None
        return self.sections[i]
