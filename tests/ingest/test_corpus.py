"""The accuracy corpus (tests/fixtures/corpus/, HTML/DOCX/PDF/TXT with gold JSON) through ingest:
nothing the gold annotates is lost, no furniture it lists survives. Skipped until the corpus exists."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from govpub.ingest import discover, read

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
DOCUMENTS = sorted(p for p in CORPUS.glob("*.*") if p.suffix in (".txt", ".html", ".htm", ".docx", ".pdf")
                   and (CORPUS / "gold" / f"{p.stem}.json").exists()) if CORPUS.is_dir() else []


def _norm(text: str) -> str:
    """Gold compares full-width and half-width forms as equal, and ignores spaces."""
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("\u3000", "")


@pytest.mark.skipif(not DOCUMENTS, reason=f"no accuracy corpus with gold files at {CORPUS}")
@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_corpus_document(path: Path) -> None:
    gold = json.loads((CORPUS / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
    doc = read(discover([str(path)])[0])
    text = _norm(doc.text)
    for noise in gold.get("noise", []):
        assert noise not in doc.text, f"furniture {noise!r} left in the text"
    for date in gold.get("dates", []):
        assert _norm(date["text"]) in text, f"date {date['text']!r} lost"
    for measure in gold.get("measures", []):
        assert _norm(measure["marker"] + measure["text_start"]) in text, f"measure {measure['marker']} lost"
    # Where ingest makes the lines (HTML, DOCX, PDF), every heading starts a line; a .txt keeps
    # the lines it came with (a flattened scrape has headings run into paragraphs).
    starts = [_norm(line) for line in doc.text.split("\n")]
    for section in gold.get("sections", []):
        heading = _norm(section["marker"] + section["heading"])
        if path.suffix == ".txt":
            assert heading in text, f"heading {heading!r} lost"
        else:
            assert any(s.startswith(heading) for s in starts), f"heading {heading!r} not at a line start"
    if gold.get("title"):
        # "title as written, lines joined"
        assert _norm(gold["title"]) in text.replace("\n", "") or _norm(gold["title"]) == _norm(doc.title_hint or "")
