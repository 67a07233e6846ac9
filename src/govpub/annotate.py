"""Records of one report in, its annotation out (the gold format of shared/gold/README.md).

The annotation is a second view of the same rows the package is written from, so scoring it
against a gold file measures exactly what users download.
"""

from __future__ import annotations

from typing import Any

from govpub.ingest.document import Document
from govpub.records import Records

# Titles that the text itself states; a title from source metadata or derived is not "as written".
_TEXT_TITLE_SOURCES = ("document", "html")


def annotation(document: Document, records: Records) -> dict[str, Any]:
    (report,) = records.reports
    inspection_fields = {
        "body": report.inspection_body,
        "round": report.inspection_round,
        "inspected_body": report.inspected_body,
        "start": report.inspection_start,
        "end": report.inspection_end,
        "feedback_date": report.feedback_date,
    }
    contacts: dict[str, list[str]] = {"phones": [], "emails": [], "postcodes": [], "addresses": []}
    bucket = {"phone": "phones", "email": "emails", "postcode": "postcodes", "address": "addresses"}
    for c in records.contacts:
        if c.kind in bucket:
            contacts[bucket[c.kind]].append(c.as_written)
    has_disclosure = report.disclosure_start or report.disclosure_end
    return {
        "file": document.source.name,
        "title": report.title if report.title_source in _TEXT_TITLE_SOURCES else None,
        "issuer": report.issuer,
        "publication_date": report.publication_date,
        "inspection": inspection_fields if any(inspection_fields.values()) else None,
        "sections": [{"marker": s.marker, "level": s.level, "heading": s.heading} for s in records.sections],
        "measures": [
            {"marker": m.marker, "text_start": m.text[:12], "summary": m.summary} for m in records.measures
        ],
        "dates": [{"text": d.text, "start": d.start, "end": d.end} for d in records.dates],
        "contacts": contacts,
        "disclosure_period": (
            {"start": report.disclosure_start, "end": report.disclosure_end} if has_disclosure else None
        ),
        "noise": list(document.noise),
    }
