"""Parse: a Document in, a ReportTree out (numbered sections by GB/T 9704 markers)."""

from __future__ import annotations

from govpub.parse.sections import parse
from govpub.parse.tree import ReportTree, Section

__all__ = ["ReportTree", "Section", "parse"]
