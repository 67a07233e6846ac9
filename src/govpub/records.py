"""The typed rows of every table, and their stable ids.

Field names and order here equal the fields of `datapackage/schemas/<table>.json`
(a test holds them together). Dates are ISO `YYYY-MM-DD` strings, missing values None.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any, Literal

DocumentType = Literal["rectification_notice", "notice", "work_report", "other"]
DatePrecision = Literal["day", "xun", "month", "year"]
DateRole = Literal["inspection_period", "feedback", "publication", "disclosure_period", "other"]
ContactKind = Literal["phone", "email", "postcode", "address", "url"]


def report_id_for(source_key: str) -> str:
    """A report's id comes from where it was published (URL or file name), not its bytes,
    so a corrected document keeps its id and shows up as 'changed' between releases."""
    return hashlib.sha256(source_key.encode("utf-8")).hexdigest()[:16]


def child_id(report_id: str, kind: str, key: str) -> str:
    """Ids of child rows: '<report_id>-<kind><key>', e.g. '…-s2.3.1', '…-m2.2.1.3', '…-d4'."""
    return f"{report_id}-{kind}{key}"


@dataclass(frozen=True)
class ReportRow:
    report_id: str
    title: str | None
    title_source: Literal["metadata", "document", "html", "derived"]
    document_type: DocumentType
    issuer: str | None
    publication_date: str | None
    disclosure_start: str | None
    disclosure_end: str | None
    inspection_body: str | None
    inspection_round: str | None
    inspected_body: str | None
    inspection_start: str | None
    inspection_end: str | None
    feedback_date: str | None
    source_name: str
    source_uri: str
    source_url: str | None
    source_sha256: str
    media_type: str
    encoding: str | None
    retrieved_at: str | None
    language: Literal["zh-Hans", "zh-Hant"]
    char_count: int
    section_count: int
    measure_count: int
    date_count: int
    contact_count: int
    figure_count: int
    parser_version: str


@dataclass(frozen=True)
class SectionRow:
    section_id: str
    report_id: str
    parent_id: str | None
    level: int
    marker: str
    ordinal: int
    path: str
    heading: str
    body: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class MeasureRow:
    measure_id: str
    report_id: str
    section_id: str | None
    report_title: str | None
    section_path: str | None
    section_headings: str | None  # headings from level 1 down, joined with " > "
    ordinal: int
    marker: str
    summary: str
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class DateRow:
    date_id: str
    report_id: str
    section_id: str | None
    text: str
    start: str
    end: str | None
    precision: DatePrecision
    role: DateRole
    char_start: int
    char_end: int


@dataclass(frozen=True)
class ContactRow:
    contact_id: str
    report_id: str
    kind: ContactKind
    value: str  # normalised: E.164 for phones, lower-case email, the address as written
    as_written: str
    region: str | None  # for phones: the place the number belongs to (phonenumbers' geocoder)
    char_start: int
    char_end: int


@dataclass(frozen=True)
class FigureRow:
    figure_id: str
    report_id: str
    section_id: str | None
    value: float
    unit: str
    as_written: str
    context: str
    char_start: int
    char_end: int


TABLES: dict[str, type] = {
    "reports": ReportRow,
    "sections": SectionRow,
    "measures": MeasureRow,
    "dates": DateRow,
    "contacts": ContactRow,
    "figures": FigureRow,
}


def field_names(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type)]


@dataclass(frozen=True)
class Records:
    """Every row govpub extracted, table by table, in stable order."""

    reports: tuple[ReportRow, ...] = ()
    sections: tuple[SectionRow, ...] = ()
    measures: tuple[MeasureRow, ...] = ()
    dates: tuple[DateRow, ...] = ()
    contacts: tuple[ContactRow, ...] = ()
    figures: tuple[FigureRow, ...] = ()

    def table(self, name: str) -> tuple[object, ...]:
        rows: tuple[object, ...] = getattr(self, name)
        return rows

    @staticmethod
    def merge(parts: list[Records]) -> Records:
        """Concatenate per-document records, ordered by report id so output is stable."""
        ordered = sorted(parts, key=lambda r: r.reports[0].report_id if r.reports else "")
        columns: dict[str, Any] = {name: tuple(row for part in ordered for row in part.table(name)) for name in TABLES}
        return Records(**columns)


@dataclass(frozen=True)
class Rejected:
    """A source that did not make it into the tables, and why."""

    source: str
    stage: Literal["discover", "ingest", "parse", "extract"]
    error: str


@dataclass(frozen=True)
class Extraction:
    """What one document yields: its records, or the reason it was rejected."""

    source: str
    records: Records | None = None
    rejected: Rejected | None = None
    warnings: tuple[str, ...] = field(default=())
