"""The accuracy corpus (tests/fixtures/corpus, built by the corpus work): sections, measures and
the report fields this area owns, document by document, against the hand-checked gold.

Plain-text documents are decoded here; HTML/DOCX/PDF go through govpub.ingest.read and are
skipped while ingest is not available in this branch. Date-derived fields are checked only
when the dates stage is available (its roles feed read_metadata).
"""

from __future__ import annotations

import codecs
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from parse_helpers import width

from govpub.extract.dates import DateMention, find_dates
from govpub.extract.measures import find_measures
from govpub.extract.metadata import read_metadata
from govpub.ingest.document import Document, SourceMeta
from govpub.parse import parse

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("GOVPUB_CORPUS_DIR", REPO / "tests" / "fixtures" / "corpus"))
GOLDS = sorted((CORPUS / "gold").glob("*.json")) if (CORPUS / "gold").is_dir() else []
F1_MIN = 0.98


def _decode(raw: bytes) -> str:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(enc)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def _document(path: Path) -> Document:
    meta = SourceMeta(uri=str(path), name=path.name)
    if path.suffix == ".txt":
        return Document(source=meta, sha256="0" * 64, media_type="text/plain", encoding=None,
                        text=_decode(path.read_bytes()))
    from govpub.ingest import read

    try:
        return read(meta)
    except NotImplementedError:
        pytest.skip(f"{path.name}: ingest is not available in this branch yet")


def _f1(found: list[Any], gold: list[Any]) -> float:
    if not found and not gold:
        return 1.0
    hits = sum((Counter(found) & Counter(gold)).values())
    return 2 * hits / (len(found) + len(gold))


def _dates(text: str) -> list[DateMention] | None:
    try:
        return find_dates(text)
    except NotImplementedError:
        return None


@pytest.mark.skipif(not GOLDS, reason=f"no corpus gold under {CORPUS}")
@pytest.mark.parametrize("gold_path", GOLDS, ids=[p.stem for p in GOLDS])
def test_corpus_document(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    document = _document(CORPUS / gold["file"])
    tree = parse(document)
    sections = [(width(s.marker), s.level, width(s.heading)) for s in tree.sections]
    gold_sections = [(width(s["marker"]), s["level"], width(s["heading"])) for s in gold["sections"]]
    measures = [(width(m.marker), width(m.text[:12]), width(m.summary)) for m in find_measures(tree)]
    gold_measures = [(width(m["marker"]), width(m["text_start"]), width(m["summary"])) for m in gold["measures"]]
    assert _f1(sections, gold_sections) >= F1_MIN, (sections, gold_sections)
    assert _f1(measures, gold_measures) >= F1_MIN, (measures, gold_measures)

    dates = _dates(tree.text)
    meta = read_metadata(tree, dates or [])
    title = meta.title if meta.title_source in ("document", "html") else None
    assert (width(title), width(meta.issuer)) == (width(gold["title"]), width(gold["issuer"]))
    inspection = gold.get("inspection") or {}
    assert (meta.inspection_body, meta.inspection_round, meta.inspected_body) == (
        inspection.get("body"), inspection.get("round"), inspection.get("inspected_body"))
    if dates is not None:
        assert meta.publication_date == gold["publication_date"]
        assert (meta.inspection_start, meta.inspection_end, meta.feedback_date) == (
            inspection.get("start"), inspection.get("end"), inspection.get("feedback_date"))
        disclosure = gold.get("disclosure_period") or {}
        assert (meta.disclosure_start, meta.disclosure_end) == (disclosure.get("start"), disclosure.get("end"))
    # Page furniture the gold lists must be in no field this area produces.
    produced = [s.heading for s in tree.sections] + [s.body for s in tree.sections]
    produced += [v for v in vars(meta).values() if isinstance(v, str)]
    for noise in gold.get("noise") or []:
        if noise in tree.text:
            continue  # the phrase also occurs in the report itself (e.g. a phone number)
        assert not any(noise in value for value in produced), noise
