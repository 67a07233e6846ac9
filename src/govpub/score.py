"""An annotation and its gold file in (dicts, the format of shared/gold/README.md), precision/recall/F1 out.

List fields are matched as multisets of normalised keys, so order does not matter and a
duplicate counts twice; report-level fields are exact or not. Pure functions, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

ListField = Literal["sections", "measures", "dates", "contacts"]
LIST_FIELDS: tuple[ListField, ...] = get_args(ListField)

ScalarField = Literal[
    "title",
    "issuer",
    "publication_date",
    "disclosure_period",
    "inspection.body",
    "inspection.round",
    "inspection.inspected_body",
    "inspection.start",
    "inspection.end",
    "inspection.feedback_date",
]
SCALAR_FIELDS: tuple[ScalarField, ...] = get_args(ScalarField)

# The gold README's contact lists and the kind each one holds (the records' ContactKind).
CONTACT_LISTS: dict[str, str] = {"phones": "phone", "emails": "email", "postcodes": "postcode", "addresses": "address"}

# Full-width ASCII forms U+FF01..U+FF5E ("（一）", "１．", "，", "：", "ＡＢ") map to ASCII; U+3000 to a space.
# Deliberately not NFKC: NFKC also folds "①" to "1" and "⑴" to "(1)", which are different markers.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20


def normalise(text: str | None) -> str:
    """Width-fold and strip a marker, heading, summary or value: "（一）提高站位，" -> "(一)提高站位,"."""
    if text is None:
        return ""
    return str(text).translate(_WIDTH).strip()


def _contact_value(kind: str, value: str) -> str:
    # Phones are written "0755-2209 2176" or "0755－22092176"; inner spaces carry no meaning.
    folded = normalise(value)
    return "".join(folded.split()) if kind == "phone" else folded


class _Rates:
    """Precision, recall and F1 of anything that counts tp, fp and fn (fields or properties)."""

    if TYPE_CHECKING:  # declared read-only so that subclasses may provide them as fields or properties
        @property
        def tp(self) -> int: ...
        @property
        def fp(self) -> int: ...
        @property
        def fn(self) -> int: ...

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _f1(self.tp, self.fp, self.fn)


@dataclass(frozen=True)
class FieldScore(_Rates):
    """Multiset match of one list field: true positives, and the keys missed or invented."""

    field: ListField
    tp: int
    missing: tuple[str, ...]  # in the gold, not found (false negatives)
    extra: tuple[str, ...]  # found, not in the gold (false positives)

    @property
    def fn(self) -> int:
        return len(self.missing)

    @property
    def fp(self) -> int:
        return len(self.extra)


@dataclass(frozen=True)
class ScalarScore:
    field: ScalarField
    gold: str | None  # normalised, "start/end" for the disclosure period; None when absent
    found: str | None

    @property
    def exact(self) -> bool:
        return self.gold == self.found


@dataclass(frozen=True)
class DocumentScore:
    file: str
    fields: tuple[FieldScore, ...]
    scalars: tuple[ScalarScore, ...]
    noise_leaks: tuple[str, ...]  # gold noise strings found in a section, measure or report field
    error: str | None = None  # why the document could not be annotated (scored as empty)

    def field(self, name: ListField) -> FieldScore:
        return next(f for f in self.fields if f.field == name)

    def scalar(self, name: ScalarField) -> ScalarScore:
        return next(s for s in self.scalars if s.field == name)


@dataclass(frozen=True)
class FieldTotal(_Rates):
    """Micro-averaged over documents: counts summed first, then P/R/F1."""

    field: ListField
    tp: int
    fp: int
    fn: int


@dataclass(frozen=True)
class ScalarTotal:
    field: ScalarField
    exact: int
    documents: int

    @property
    def rate(self) -> float:
        return _ratio(self.exact, self.documents)


@dataclass(frozen=True)
class CorpusScore:
    documents: tuple[DocumentScore, ...]
    fields: tuple[FieldTotal, ...]
    scalars: tuple[ScalarTotal, ...]

    def field(self, name: ListField) -> FieldTotal:
        return next(f for f in self.fields if f.field == name)

    def scalar(self, name: ScalarField) -> ScalarTotal:
        return next(s for s in self.scalars if s.field == name)


def _ratio(num: int, den: int) -> float:
    # Nothing expected and nothing found is a perfect score, not a division by zero.
    return num / den if den else 1.0


def _f1(tp: int, fp: int, fn: int) -> float:
    den = 2 * tp + fp + fn
    return 2 * tp / den if den else 1.0


def _items(doc: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = doc.get(key) or []
    return [item for item in value if isinstance(item, Mapping)]


def section_keys(doc: Mapping[str, Any]) -> list[str]:
    return [
        f"{normalise(s.get('marker'))}|{s.get('level')}|{normalise(s.get('heading'))}" for s in _items(doc, "sections")
    ]


def measure_keys(doc: Mapping[str, Any]) -> list[str]:
    return [
        f"{normalise(m.get('marker'))}|{normalise(m.get('text_start'))}|{normalise(m.get('summary'))}"
        for m in _items(doc, "measures")
    ]


def date_keys(doc: Mapping[str, Any]) -> list[str]:
    return [f"{normalise(d.get('text'))}|{d.get('start')}|{d.get('end')}" for d in _items(doc, "dates")]


def contact_keys(doc: Mapping[str, Any]) -> list[str]:
    contacts = doc.get("contacts") or {}
    keys = []
    for bucket, kind in CONTACT_LISTS.items():
        for value in contacts.get(bucket) or []:
            keys.append(f"{kind}|{_contact_value(kind, str(value))}")
    return keys


_KEYS = {"sections": section_keys, "measures": measure_keys, "dates": date_keys, "contacts": contact_keys}


def match(field: ListField, gold: Sequence[str], found: Sequence[str]) -> FieldScore:
    """Multiset matching: each gold key pairs with at most one equal found key."""
    g, f = Counter(gold), Counter(found)
    common = g & f
    return FieldScore(
        field=field,
        tp=sum(common.values()),
        missing=tuple((g - common).elements()),
        extra=tuple((f - common).elements()),
    )


def scalar_value(doc: Mapping[str, Any], name: ScalarField) -> str | None:
    """A report-level field, normalised for comparison; None when absent or null."""
    if name == "disclosure_period":
        period = doc.get("disclosure_period")
        if not isinstance(period, Mapping) or not (period.get("start") or period.get("end")):
            return None
        return f"{period.get('start')}/{period.get('end')}"
    if name.startswith("inspection."):
        inspection = doc.get("inspection")
        raw = inspection.get(name.split(".", 1)[1]) if isinstance(inspection, Mapping) else None
    else:
        raw = doc.get(name)
    if raw is None:
        return None
    return normalise(str(raw)) or None


def _report_strings(doc: Mapping[str, Any]) -> list[str]:
    """Every string a user sees as a section, a measure or a report field."""
    out = [v for v in (scalar_value(doc, name) for name in SCALAR_FIELDS) if v]
    for s in _items(doc, "sections"):
        out.append(normalise(s.get("heading")))
        out.append(normalise(s.get("marker")))
    for m in _items(doc, "measures"):
        out.append(normalise(m.get("summary")))
        out.append(normalise(m.get("text_start")))
    return out


def noise_leaks(gold: Mapping[str, Any], found: Mapping[str, Any]) -> tuple[str, ...]:
    strings = _report_strings(found)
    leaks = []
    for noise in gold.get("noise") or []:
        needle = normalise(str(noise))
        if needle and any(needle in s for s in strings):
            leaks.append(str(noise))
    return tuple(leaks)


def score_document(found: Mapping[str, Any], gold: Mapping[str, Any], *, error: str | None = None) -> DocumentScore:
    """Score one annotation (what `govpub annotate` prints) against its gold."""
    fields = tuple(match(name, _KEYS[name](gold), _KEYS[name](found)) for name in LIST_FIELDS)
    scalars = tuple(ScalarScore(name, scalar_value(gold, name), scalar_value(found, name)) for name in SCALAR_FIELDS)
    return DocumentScore(
        file=str(gold.get("file") or found.get("file") or ""),
        fields=fields,
        scalars=scalars,
        noise_leaks=noise_leaks(gold, found),
        error=error,
    )


def score_corpus(documents: Iterable[DocumentScore]) -> CorpusScore:
    """Micro-average the list fields and count exact scalars over documents."""
    docs = tuple(documents)
    fields = tuple(
        FieldTotal(
            field=name,
            tp=sum(d.field(name).tp for d in docs),
            fp=sum(d.field(name).fp for d in docs),
            fn=sum(d.field(name).fn for d in docs),
        )
        for name in LIST_FIELDS
    )
    scalars = tuple(
        ScalarTotal(field=name, exact=sum(d.scalar(name).exact for d in docs), documents=len(docs))
        for name in SCALAR_FIELDS
    )
    return CorpusScore(documents=docs, fields=fields, scalars=scalars)


def empty_annotation(file: str) -> dict[str, Any]:
    """What a document that could not be annotated is scored as: nothing found."""
    return {
        "file": file,
        "title": None,
        "issuer": None,
        "publication_date": None,
        "inspection": None,
        "sections": [],
        "measures": [],
        "dates": [],
        "contacts": {"phones": [], "emails": [], "postcodes": [], "addresses": []},
        "disclosure_period": None,
        "noise": [],
    }


def corpus_as_dict(score: CorpusScore) -> dict[str, Any]:
    """A JSON-ready view of a corpus score (for `govpub score --json`)."""
    return {
        "fields": {
            f.field: {"tp": f.tp, "fp": f.fp, "fn": f.fn, "precision": f.precision, "recall": f.recall, "f1": f.f1}
            for f in score.fields
        },
        "scalars": {s.field: {"exact": s.exact, "documents": s.documents, "rate": s.rate} for s in score.scalars},
        "documents": [
            {
                "file": d.file,
                "error": d.error,
                "fields": {
                    f.field: {
                        "tp": f.tp,
                        "fp": f.fp,
                        "fn": f.fn,
                        "f1": f.f1,
                        "missing": list(f.missing),
                        "extra": list(f.extra),
                    }
                    for f in d.fields
                },
                "scalars": {s.field: {"exact": s.exact, "gold": s.gold, "found": s.found} for s in d.scalars},
                "noise_leaks": list(d.noise_leaks),
            }
            for d in score.documents
        ],
    }
