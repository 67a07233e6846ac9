"""Shared helpers of the parse tests: build a Document from text, compare with gold forms."""

from __future__ import annotations

from govpub.ingest.document import Document, SourceMeta

# The gold README: markers, headings and summaries compare equal across full- and half-width forms.
_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "．": ".", "!": "！", "?": "？"})


def width(text: str | None) -> str | None:
    return None if text is None else text.translate(_WIDTH)


def doc(text: str, *, name: str = "t.txt", title: str | None = None, title_hint: str | None = None) -> Document:
    return Document(source=SourceMeta(uri=name, name=name, title=title), sha256="0" * 64,
                    media_type="text/plain", encoding="utf-8", text=text, title_hint=title_hint)
