"""Find GB/T 9704 headings in a Document's text and build the section tree.

CONTRACT (owned by the parse work).
"""

from __future__ import annotations

from govpub.ingest.document import Document
from govpub.parse.tree import ReportTree


def parse(document: Document) -> ReportTree:
    """Normalise the text (keep offsets meaningful for ReportTree.text) and find every
    numbered heading at every level, in document order."""
    raise NotImplementedError
