"""docx_to_text: paragraphs and table cells in document order, a Title-styled title, zip bombs refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from govpub.errors import RejectedInput
from govpub.ingest.docx import docx_to_text

from .builders import BODY, TITLE, docx_bytes


def test_paragraphs_and_tables_in_order() -> None:
    doc = docx_to_text(docx_bytes(), source="t.docx", max_bytes=1 << 20)
    assert doc.title_hint == TITLE
    assert list(doc.lines) == [TITLE, BODY[0], BODY[1], "序号 问题 整改措施", "1 制度执行不严 一是完善制度。二是加强监督。",
                               BODY[2]]


def test_no_title_style_no_title_hint() -> None:
    doc = docx_to_text(docx_bytes(title=None, table=False), source="t.docx", max_bytes=1 << 20)
    assert doc.title_hint is None
    assert list(doc.lines) == [BODY[0], BODY[1], BODY[2]]


def test_merged_cells_count_once_and_breaks_split_lines() -> None:
    from docx import Document

    d = Document()
    t = d.add_table(rows=2, cols=3)
    merged = t.cell(0, 0).merge(t.cell(0, 2))
    merged.text = "整改清单"
    for cell, text in zip(t.rows[1].cells, ("1", "问题", "措施"), strict=False):
        cell.text = text
    p = d.add_paragraph("中共深圳市深汕特别合作区工作委员会")
    p.add_run().add_break()
    p.add_run("2025年9月18日")
    buf = io.BytesIO()
    d.save(buf)
    doc = docx_to_text(buf.getvalue(), source="t.docx", max_bytes=1 << 20)
    assert list(doc.lines) == ["整改清单", "1 问题 措施", "中共深圳市深汕特别合作区工作委员会", "2025年9月18日"]


def test_zip_bomb_is_refused_before_inflating() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<" + b" " * (5 << 20))
    with pytest.raises(RejectedInput, match="inflates to"):
        docx_to_text(buf.getvalue(), source="bomb.docx", max_bytes=1 << 20)


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04garbage", docx_bytes()[:-200], b"%PDF-1.4 not a docx"])
def test_broken_docx_is_rejected(data: bytes) -> None:
    with pytest.raises(RejectedInput, match="not a readable DOCX|no word/document.xml"):
        docx_to_text(data, source="broken.docx", max_bytes=1 << 20)
