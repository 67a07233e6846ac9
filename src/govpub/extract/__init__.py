"""Extract: a ReportTree in, the Records of one report out (every table's rows, with stable ids)."""

from __future__ import annotations

from govpub import PARSER_VERSION
from govpub.extract.contacts import find_contacts
from govpub.extract.dates import find_dates
from govpub.extract.figures import find_figures
from govpub.extract.measures import find_measures
from govpub.extract.metadata import read_metadata
from govpub.parse.tree import ReportTree, Section
from govpub.records import (
    ContactRow,
    DateRow,
    FigureRow,
    MeasureRow,
    Records,
    ReportRow,
    SectionRow,
    child_id,
    report_id_for,
)

__all__ = ["extract"]


def _section_ids(report_id: str, sections: tuple[Section, ...]) -> list[str]:
    # The path is unique among headings of a well-formed report; a repeated path (two "（一）"
    # under one heading, a skipped level) gets its document index appended to stay unique.
    seen: set[str] = set()
    ids = []
    for section in sections:
        key = section.path if section.path not in seen else f"{section.path}~{section.index}"
        seen.add(section.path)
        ids.append(child_id(report_id, "s", key))
    return ids


def extract(tree: ReportTree) -> Records:
    doc = tree.document
    report_id = report_id_for(doc.source.url or doc.source.name)
    sections = tree.sections
    sec_ids = _section_ids(report_id, sections)

    def section_of(offset: int) -> Section | None:
        return tree.section_at(offset)

    def sid(offset: int) -> str | None:
        s = section_of(offset)
        return sec_ids[s.index] if s is not None else None

    section_rows = tuple(
        SectionRow(
            section_id=sec_ids[s.index],
            report_id=report_id,
            parent_id=sec_ids[s.parent] if s.parent is not None else None,
            level=s.level,
            marker=s.marker,
            ordinal=s.ordinal,
            path=s.path,
            heading=s.heading,
            body=s.body,
            char_start=s.start,
            char_end=s.end,
        )
        for s in sections
    )

    dates = find_dates(tree.text)
    meta = read_metadata(tree, dates)
    title = meta.title if meta.title is not None else meta.derived_title

    def headings_of(s: Section | None) -> str | None:
        chain: list[str] = []
        while s is not None:
            chain.append(s.heading)
            s = sections[s.parent] if s.parent is not None else None
        return " > ".join(reversed(chain)) if chain else None

    measure_rows = []
    for n, m in enumerate(find_measures(tree), start=1):
        s = section_of(m.char_start)
        measure_rows.append(
            MeasureRow(
                measure_id=child_id(report_id, "m", str(n)),
                report_id=report_id,
                section_id=sec_ids[s.index] if s else None,
                report_title=title,
                section_path=s.path if s else None,
                section_headings=headings_of(s),
                ordinal=m.ordinal,
                marker=m.marker,
                summary=m.summary,
                text=m.text,
                char_start=m.char_start,
                char_end=m.char_end,
            )
        )

    date_rows = tuple(
        DateRow(
            date_id=child_id(report_id, "d", str(n)),
            report_id=report_id,
            section_id=sid(d.char_start),
            text=d.text,
            start=d.start,
            end=d.end,
            precision=d.precision,
            role=d.role,
            char_start=d.char_start,
            char_end=d.char_end,
        )
        for n, d in enumerate(dates, start=1)
    )
    contact_rows = tuple(
        ContactRow(
            contact_id=child_id(report_id, "c", str(n)),
            report_id=report_id,
            kind=c.kind,
            value=c.value,
            as_written=c.as_written,
            region=c.region,
            char_start=c.char_start,
            char_end=c.char_end,
        )
        for n, c in enumerate(find_contacts(tree.text), start=1)
    )
    figure_rows = tuple(
        FigureRow(
            figure_id=child_id(report_id, "f", str(n)),
            report_id=report_id,
            section_id=sid(f.char_start),
            value=f.value,
            unit=f.unit,
            as_written=f.as_written,
            context=f.context,
            char_start=f.char_start,
            char_end=f.char_end,
        )
        for n, f in enumerate(find_figures(tree.text), start=1)
    )
    report = ReportRow(
        report_id=report_id,
        title=title,
        title_source=meta.title_source,
        document_type=meta.document_type,
        issuer=meta.issuer,
        publication_date=meta.publication_date,
        disclosure_start=meta.disclosure_start,
        disclosure_end=meta.disclosure_end,
        inspection_body=meta.inspection_body,
        inspection_round=meta.inspection_round,
        inspected_body=meta.inspected_body,
        inspection_start=meta.inspection_start,
        inspection_end=meta.inspection_end,
        feedback_date=meta.feedback_date,
        source_name=doc.source.name,
        source_uri=doc.source.uri,
        source_url=doc.source.url,
        source_sha256=doc.sha256,
        media_type=doc.media_type,
        encoding=doc.encoding,
        retrieved_at=doc.source.retrieved_at,
        language=meta.language,
        char_count=len(tree.text),
        section_count=len(section_rows),
        measure_count=len(measure_rows),
        date_count=len(date_rows),
        contact_count=len(contact_rows),
        figure_count=len(figure_rows),
        parser_version=PARSER_VERSION,
    )
    return Records(
        reports=(report,),
        sections=section_rows,
        measures=tuple(measure_rows),
        dates=date_rows,
        contacts=contact_rows,
        figures=figure_rows,
    )
