"""PDF bytes in, text lines in reading order out: page numbers, running headers and layout breaks undone."""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTContainer, LTItem, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from govpub.errors import RejectedInput

# Page numbers as GB/T 9704 prints them, and the usual variants: "- 1 -", "— 2 —", "第3页",
# "第 3 页 共 9 页", "3/9", and a bare "3" at the top or bottom of a page.
PAGE_NUMBER: Final = re.compile(
    r"[-—–－~～]\s*\d{1,4}\s*[-—–－~～]"  # "- 1 -"
    r"|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"  # "第 3 页 共 9 页"
    r"|\d{1,4}\s*/\s*\d{1,4}"  # "3/9"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?"  # "Page 3 of 9"
    r"|\d{1,4}"  # "3"
)
DIGITS: Final = re.compile(r"\d+")
ASCII_SPACE: Final = re.compile(r"[ \t\r]+")  # "Page  3"
CJK: Final = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3001-\u303f]"
# pdfminer inserts a space where justified Chinese text spreads its characters: "整 改 措 施".
CJK_GAP: Final = re.compile(rf"(?<={CJK}) (?={CJK})")  # "整改 措施" -> "整改措施"
# A line ending in one of these ends a sentence (or introduces a list): no continuation.
SENTENCE_END: Final = "。；：！？;:!?"
# What starts a new paragraph even right after a line without final punctuation: a numbered
# heading ("一、", "（一）", "(一)", "1.", "1．", "（1）", "(1)", "①") or an inline item ("一是").
NEW_BLOCK: Final = re.compile(
    r"[一二三四五六七八九十百]+[、，,]"  # "一、"
    r"|[（(][一二三四五六七八九十百]+[）)]"  # "（一）"
    r"|\d{1,3}[.．、](?!\d)"  # "1." "1．" (not "3.5")
    r"|[（(]\d{1,3}[）)]"  # "（1）"
    r"|[①-⑳㉑-㉟]"  # "①"
    r"|[一二三四五六七八九十]+是"  # "一是"
)
# A date on its own line is the date under a signature, never the end of the line above it.
DATE_LINE: Final = re.compile(r"\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d〇○零一二三四五六七八九十]{1,3}月"
                              r"[\d〇○零一二三四五六七八九十]{1,3}日\s*")  # "2025年9月18日"
# pdfminer writes a glyph it cannot map to Unicode (a font without ToUnicode) as "(cid:1234)".
UNMAPPED_GLYPH: Final = re.compile(r"\(cid:\d+\)")  # "(cid:4721)(cid:310)"
MAX_UNMAPPED_SHARE: Final = 0.1
# Running headers/footers: a line at the top or bottom of at least this share of the pages.
RUNNING_SHARE: Final = 0.5
EDGE_LINES: Final = 2  # how many lines at each page edge may be running headers/footers


@dataclass(frozen=True)
class PdfLine:
    text: str
    x0: float
    x1: float
    top: float
    height: float


@dataclass(frozen=True)
class PdfText:
    lines: tuple[str, ...]
    noise: tuple[str, ...]
    title_hint: str | None = None


def _text_lines(item: LTItem) -> Iterator[LTTextLine]:
    if isinstance(item, LTTextLine):
        yield item
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _text_lines(child)


def _line_text(raw: str) -> str:
    """pdfminer's text of one line: ASCII spaces collapsed, spurious spaces between CJK
    characters (justified text) removed, U+3000 indentation kept for the parser."""
    text = ASCII_SPACE.sub(" ", raw.replace("\n", "")).strip(" ")
    return CJK_GAP.sub("", text)


def _page_lines(page: Iterable[LTItem]) -> list[PdfLine]:
    raw = [PdfLine(_line_text(t.get_text()), t.x0, t.x1, t.y1, t.height)
           for item in page for t in _text_lines(item)]
    raw = [line for line in raw if line.text]
    # Reading order for one-column documents: top to bottom; pieces of one visual line
    # (a label and a value in separate boxes) are merged left to right.
    raw.sort(key=lambda ln: (-ln.top, ln.x0))
    merged: list[PdfLine] = []
    for line in raw:
        last = merged[-1] if merged else None
        if last is not None and abs(last.top - line.top) < 0.5 * max(min(last.height, line.height), 1.0):
            merged[-1] = PdfLine(f"{last.text} {line.text}", min(last.x0, line.x0), max(last.x1, line.x1),
                                 last.top, max(last.height, line.height))
        else:
            merged.append(line)
    return merged


def _running_keys(pages: list[list[PdfLine]]) -> set[str]:
    """Lines (digits masked) that sit at a page edge on most pages: headers and footers."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = lines[:EDGE_LINES] + lines[-EDGE_LINES:]
        counts.update({DIGITS.sub("#", ln.text.replace(" ", "")) for ln in edge})
    need = max(2, RUNNING_SHARE * len(pages))
    return {key for key, n in counts.items() if n >= need}


def _strip_furniture(pages: list[list[PdfLine]]) -> tuple[list[list[PdfLine]], list[str]]:
    running = _running_keys(pages)
    noise: list[str] = []
    out: list[list[PdfLine]] = []
    for lines in pages:
        kept: list[PdfLine] = []
        for i, line in enumerate(lines):
            at_edge = i < EDGE_LINES or i >= len(lines) - EDGE_LINES
            key = DIGITS.sub("#", line.text.replace(" ", ""))
            if at_edge and (PAGE_NUMBER.fullmatch(line.text.strip()) or key in running):
                noise.append(line.text)
            else:
                kept.append(line)
        out.append(kept)
    return out, noise


@dataclass(frozen=True)
class _Frame:
    """The text block's geometry, from all body lines of the document."""

    left: float
    right: float
    char_w: float

    def indented(self, line: PdfLine) -> bool:
        return line.x0 > self.left + 1.5 * self.char_w or line.text[:1] in ("\u3000", " ")

    def centred(self, line: PdfLine) -> bool:
        # Short of both margins, and as far from each: a title line, not an indented one.
        inset_left, inset_right = line.x0 - self.left, self.right - line.x1
        return min(inset_left, inset_right) > 1.5 * self.char_w and abs(inset_left - inset_right) < 3 * self.char_w


def _body_height(lines: list[PdfLine]) -> float:
    """The body text's line height: the one that carries the most characters."""
    weight: Counter[float] = Counter()
    for ln in lines:
        weight[round(ln.height * 2) / 2] += len(ln.text)
    return weight.most_common(1)[0][0] or 10.0


def _frame(lines: list[PdfLine]) -> _Frame:
    # Only body-size lines define the margins: a title set larger may stick out of them.
    body = _body_height(lines)
    sized = [ln for ln in lines if abs(ln.height - body) <= 0.1 * body] or lines
    right = statistics.quantiles([ln.x1 for ln in sized], n=10)[-1] if len(sized) > 1 else sized[0].x1
    return _Frame(left=min(ln.x0 for ln in sized), right=right, char_w=body)


def _join(pages: list[list[PdfLine]]) -> list[str]:
    """Undo the layout's line breaks (see _continues); centred lines in a row (a title set on
    several lines) are joined too, so the title reads as one line as in the other formats."""
    lines = [ln for page in pages for ln in page]
    if not lines:
        return []
    frame = _frame(lines)
    out: list[str] = []
    prev: PdfLine | None = None
    for line in lines:
        if prev is not None and out and _continues(prev, line, frame):
            glue = " " if out[-1][-1:].isascii() and out[-1][-1:].isalnum() and line.text[:1].isascii() else ""
            out[-1] = out[-1] + glue + line.text
        else:
            out.append(line.text)
        prev = line
    return out


def _continues(prev: PdfLine, line: PdfLine, frame: _Frame) -> bool:
    """A line continues the one above unless that one ends a sentence (。；：！？), or this one
    starts a numbered heading, an item (一是), a date line, or a new indented paragraph. Right-
    aligned lines (signatures) stand alone; centred lines join only centred lines."""
    if prev.text.rstrip()[-1:] in SENTENCE_END:
        return False
    if NEW_BLOCK.match(line.text.lstrip("\u3000 ")) or DATE_LINE.fullmatch(line.text):
        return False
    if frame.centred(prev) or frame.centred(line):
        return frame.centred(prev) and frame.centred(line)
    return not frame.indented(line)


def title_hint(pages: list[list[PdfLine]]) -> str | None:
    """The first centred lines of page 1 when they are set larger than the body text."""
    lines = [ln for page in pages for ln in page]
    if not lines or not pages[0]:
        return None
    frame = _frame(lines)
    body = _body_height(lines)
    block: list[str] = []
    for line in pages[0]:
        # Centred, or wider than the text block (a long title line may overrun the margins).
        if line.height <= 1.15 * body or not (frame.centred(line) or line.x0 < frame.left):
            break
        block.append(line.text.strip())
    return "".join(block) or None


def unmapped_share(pages: list[list[PdfLine]]) -> float:
    """Share of the text that is "(cid:N)" codes instead of characters."""
    text = "".join(ln.text for page in pages for ln in page)
    unmapped = sum(len(m) for m in UNMAPPED_GLYPH.findall(text))
    return unmapped / len(text) if text else 0.0


def pdf_to_text(data: bytes, *, source: str, max_pages: int) -> PdfText:
    if not data.lstrip()[:5] == b"%PDF-":
        raise RejectedInput("not a PDF file (no %PDF- header)", stage="ingest", source=source)
    try:
        pages = [_page_lines(page) for page in
                 extract_pages(io.BytesIO(data), laparams=LAParams(), maxpages=max_pages + 1)]
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise RejectedInput(f"the PDF is encrypted ({type(exc).__name__})", stage="ingest",
                            source=source) from None
    except (PDFSyntaxError, PSException) as exc:
        raise RejectedInput(f"not a readable PDF file ({type(exc).__name__}: {exc})", stage="ingest",
                            source=source) from None
    except Exception as exc:  # noqa: BLE001
        # pdfminer raises bare built-in exceptions (KeyError, TypeError, AssertionError…) on
        # many malformed files: the document is rejected, the run goes on.
        raise RejectedInput(f"not a readable PDF file ({type(exc).__name__}: {exc})", stage="ingest",
                            source=source) from None
    if len(pages) > max_pages:
        raise RejectedInput(f"the PDF has more than {max_pages} pages (IngestLimits.max_pdf_pages)",
                            stage="ingest", source=source)
    if not any(pages):
        raise RejectedInput("the PDF has no text layer (a scanned image? OCR is not supported)",
                            stage="ingest", source=source)
    if unmapped_share(pages) > MAX_UNMAPPED_SHARE:
        raise RejectedInput("the PDF's fonts do not map glyphs to characters ((cid:…) codes); its text "
                            "cannot be extracted without OCR", stage="ingest", source=source)
    kept, noise = _strip_furniture(pages)
    return PdfText(lines=tuple(_join(kept)), noise=tuple(noise), title_hint=title_hint(kept))
