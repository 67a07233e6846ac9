"""Report-level fields: title, issuer, publication date, disclosure period, inspection metadata.

CONTRACT (owned by the parse work).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from govpub.extract.dates import DateMention
from govpub.parse.tree import ReportTree
from govpub.records import DocumentType


@dataclass(frozen=True)
class ReportMeta:
    title: str | None  # the document's own title (lines joined) or the HTML <h1>; None if it has none
    title_source: Literal["metadata", "document", "html", "derived"]
    derived_title: str  # what to show when title is None: source metadata title, else derived
    document_type: DocumentType
    issuer: str | None  # signature block
    publication_date: str | None  # date under the signature, ISO
    disclosure_start: str | None
    disclosure_end: str | None
    inspection_body: str | None  # 市委第六巡察组
    inspection_round: str | None  # 七届市委第八轮巡察
    inspected_body: str | None  # 深汕特别合作区党工委
    inspection_start: str | None
    inspection_end: str | None
    feedback_date: str | None
    language: Literal["zh-Hans", "zh-Hant"]


def read_metadata(tree: ReportTree, dates: Sequence[DateMention]) -> ReportMeta:
    raise NotImplementedError
