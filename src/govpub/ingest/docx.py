"""DOCX bytes in, paragraph and table-cell lines in document order and a Title-styled title out."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import Final

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from govpub.errors import RejectedInput

# A DOCX is a ZIP; a small one can inflate to gigabytes. Refuse to inflate more than this
# multiple of the byte limit.
MAX_INFLATION: Final = 4
TITLE_STYLES: Final = frozenset({"title", "标题"})


@dataclass(frozen=True)
class DocxText:
    lines: tuple[str, ...]
    title_hint: str | None


def _table_lines(table: Table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # python-docx repeats a merged cell once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            parts = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
            parts += [line for inner in cell.tables for line in _table_lines(inner)]
            if parts:
                cells.append(" ".join(parts))
        if cells:
            lines.append(" ".join(cells))
    return lines


def docx_to_text(data: bytes, *, source: str, max_bytes: int) -> DocxText:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            inflated = sum(info.file_size for info in zf.infolist())
            if "word/document.xml" not in zf.namelist():
                raise RejectedInput("not a Word document: the ZIP has no word/document.xml",
                                    stage="ingest", source=source)
        if inflated > MAX_INFLATION * max_bytes:
            raise RejectedInput(f"the DOCX inflates to {inflated} bytes, more than {MAX_INFLATION}x the "
                                f"{max_bytes}-byte limit", stage="ingest", source=source)
        doc = open_docx(io.BytesIO(data))
        lines: list[str] = []
        title: str | None = None
        first = True
        for block in doc.iter_inner_content():
            if isinstance(block, Paragraph):
                text = block.text
                if not text.strip():
                    continue
                # Only the first paragraph can be the title; python-docx's style lookup is slow
                # (a scan of all styles per call), so it is asked once.
                if first:
                    style = (block.style.name if block.style is not None else "") or ""
                    if style.strip().lower() in TITLE_STYLES:
                        title = " ".join(text.split())
                first = False
                lines.extend(text.split("\n"))  # python-docx renders <w:br/> as "\n"
            else:
                first = False
                lines.extend(_table_lines(block))
    except RejectedInput:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, etree.XMLSyntaxError, zlib.error) as exc:
        raise RejectedInput(f"not a readable DOCX file ({type(exc).__name__}: {exc})",
                            stage="ingest", source=source) from None
    except Exception as exc:  # noqa: BLE001
        # python-docx on a damaged package raises whatever its internals hit (KeyError,
        # AttributeError, zlib errors…): the document is rejected, the run goes on.
        raise RejectedInput(f"not a readable DOCX file ({type(exc).__name__}: {exc})",
                            stage="ingest", source=source) from None
    return DocxText(lines=tuple(lines), title_hint=title)
