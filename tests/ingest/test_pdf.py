"""pdf_to_text: reading order, layout line breaks joined, page numbers and running headers removed."""

from __future__ import annotations

import io

import pytest

from govpub.errors import RejectedInput
from govpub.ingest.pdf import PdfText, pdf_to_text

from .builders import TITLE, pdf_bytes

P1 = ("党工委深入学习贯彻习近平总书记关于巡视工作的重要论述，深刻认识到巡视巡察整改是推进党的自我革命、"
      "全面从严治党的战略性制度安排，切实增强做好巡察整改工作的思想自觉。")
P2 = "一是加快推动合作区经济高质量发展。二是加快建设美丽宜居城区，推进城乡区域协调发展，扎实做好民生工作。"
LONG = "持续完善国资监管体系，推动区属国企财务管理更加精细" * 3 + "。"  # wraps over several lines


def _text(pages: list[list[str]], **kw: object) -> tuple[list[str], tuple[str, ...]]:
    result = _pdf(pages, **kw)
    return list(result.lines), result.noise


def _pdf(pages: list[list[str]], **kw: object) -> PdfText:
    return pdf_to_text(pdf_bytes(pages, **kw), source="t.pdf", max_pages=100)  # type: ignore[arg-type]


def test_layout_breaks_are_joined_and_structure_kept() -> None:
    lines, noise = _text([[
        "TITLE:" + TITLE, "各单位：", "一、党工委履行巡察整改主体责任情况", "（一）提高政治站位", P1, P2,
        "（二）关于落实“百千万工程”方面", LONG,
    ], ["中共深圳市深汕特别合作区工作委员会", "2025年9月18日"]])
    assert lines == [TITLE, "各单位：", "一、党工委履行巡察整改主体责任情况", "（一）提高政治站位", P1, P2,
                     "（二）关于落实“百千万工程”方面", LONG, "中共深圳市深汕特别合作区工作委员会", "2025年9月18日"]
    assert noise == ("深汕特别合作区党工委文件", "- 1 -", "深汕特别合作区党工委文件", "- 2 -")


def test_a_paragraph_running_over_a_page_break_is_joined() -> None:
    # 28 characters a line (26 after the indent); page 1 ends after 21 full lines.
    para = "巡察整改工作持续深入推进各项任务有序落实" * 40 + "。"
    cut = 26 + 28 * 20
    lines, noise = _text([[para[:cut]], ["CONT:" + para[cut:], P2]], width_chars=28)
    assert lines == [para, P2]
    assert "- 1 -" in noise and "- 2 -" in noise


def test_headings_and_items_are_never_joined_to_the_line_above() -> None:
    wrap = "推动全面从严治党向纵深发展推动全面从严治党向纵深发展"  # exactly one full line, no punctuation
    lines, _ = _text([[wrap + "一、总体情况", wrap + "（一）提高站位", wrap + "1.加快发展", wrap + "（1）完善制度",
                       wrap + "①强化监督", wrap + "一是加强领导"]], header=None, numbered=False, width_chars=28)
    assert lines == [wrap, "一、总体情况", wrap, "（一）提高站位", wrap, "1.加快发展", wrap, "（1）完善制度",
                     wrap, "①强化监督", wrap, "一是加强领导"]


def test_single_page_keeps_a_top_line_that_is_not_a_page_number() -> None:
    lines, noise = _text([["正文一段。"]], header="深汕特别合作区党工委文件")
    assert lines == ["深汕特别合作区党工委文件", "正文一段。"]
    assert noise == ("- 1 -",)


def _canvas_pdf(draw: object, **kw: object) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, **kw)  # type: ignore[arg-type]
    draw(c)  # type: ignore[operator]
    c.showPage()
    c.save()
    return buf.getvalue()


def test_scanned_pdf_without_text_is_rejected() -> None:
    data = _canvas_pdf(lambda c: c.rect(100, 100, 200, 200, fill=1))
    with pytest.raises(RejectedInput, match="no text layer"):
        pdf_to_text(data, source="scan.pdf", max_pages=10)


def test_encrypted_pdf_is_rejected() -> None:
    data = _canvas_pdf(lambda c: c.drawString(100, 700, "secret"), encrypt="owner-and-user-password")
    with pytest.raises(RejectedInput, match="encrypted"):
        pdf_to_text(data, source="locked.pdf", max_pages=10)


def test_too_many_pages_is_rejected() -> None:
    with pytest.raises(RejectedInput, match="more than 2 pages"):
        pdf_to_text(pdf_bytes([["一页。"]] * 3), source="long.pdf", max_pages=2)


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n",
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    b"%PDF-1.4\n" + bytes(range(256)) * 40,
])
def test_broken_pdfs_are_rejected(data: bytes) -> None:
    with pytest.raises(RejectedInput, match="not a readable PDF|no text layer"):
        pdf_to_text(data, source="broken.pdf", max_pages=10)


def test_a_title_set_on_three_centred_lines_is_one_line_and_the_title_hint() -> None:
    result = _pdf([["TITLE:中共江州市章江区委", "TITLE:关于市委第五巡察组巡察反馈意见", "TITLE:整改进展情况的通报",
                    "根据市委统一部署，市委第五巡察组对章江区委开展了巡察。", P1]], header=None)
    title = "中共江州市章江区委关于市委第五巡察组巡察反馈意见整改进展情况的通报"
    assert result.title_hint == title
    assert list(result.lines) == [title, "根据市委统一部署，市委第五巡察组对章江区委开展了巡察。", P1]


def test_no_title_hint_when_nothing_is_set_larger() -> None:
    assert _pdf([["正文一段。"]], header=None).title_hint is None


def test_a_forced_break_before_a_number_is_joined() -> None:
    # "2024.6万元" starts like "1." but is a number: the line above continues into it.
    lines, _ = _text([["累计投入改造资金⏎2024.6万元，改造完成的小区全部建立长效管理机制。", "一是加强监督。"]],
                     header=None)
    assert lines == ["累计投入改造资金2024.6万元，改造完成的小区全部建立长效管理机制。", "一是加强监督。"]


@pytest.mark.parametrize("raw, expected", [
    ("整 改 措 施\n", "整改措施"),
    ("\u3000\u3000根据市委统一部署\n", "\u3000\u3000根据市委统一部署"),
    ("Page  3 of  9", "Page 3 of 9"),
    ("联系电话：0755-22092176 ；", "联系电话：0755-22092176 ；"),
])
def test_line_text(raw: str, expected: str) -> None:
    from govpub.ingest.pdf import _line_text

    assert _line_text(raw) == expected


@pytest.mark.parametrize("texts, share", [
    (["(cid:4721)(cid:310)(cid:77)"], 1.0),
    (["正文一段。"], 0.0),
    (["正文(cid:1)"], 7 / 9),  # "(cid:1)" is 7 of 9 characters
])
def test_unmapped_glyph_share(texts: list[str], share: float) -> None:
    from govpub.ingest.pdf import PdfLine, unmapped_share

    pages = [[PdfLine(t, 0, 100, 700, 14) for t in texts]]
    assert unmapped_share(pages) == pytest.approx(share)
