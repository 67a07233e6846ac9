"""Stand-in stages (discover → read → parse → extract → package → validate → publish) for flow tests.

The flow tests check orchestration (retries, caching, named states, artifacts), not parsing. While
the real stages are still contracts (NotImplementedError), these small versions honour the same
signatures and the properties the flow relies on: ids from content, "unchanged" when the data
equals the latest version, and RejectedInput for unreadable sources.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import govpub
from govpub import pipeline
from govpub.config import DatasetMeta
from govpub.errors import RejectedInput
from govpub.ingest import Document, IngestLimits, SourceMeta
from govpub.package import Package, PackageFile
from govpub.parse import ReportTree, Section
from govpub.publish import Release
from govpub.records import Records, Rejected, ReportRow, SectionRow, field_names, report_id_for
from govpub.validate import ValidationReport

HEADING = re.compile(r"^([一二三四五六七八九十]+)、(.*)$", re.MULTILINE)  # "一、提高政治站位"
CN_ORDINAL = "一二三四五六七八九十"


def discover(sources: Sequence[str], *, base_dir: Path | None = None) -> list[SourceMeta]:
    metas: list[SourceMeta] = []
    for name in sources:
        path = Path(name) if base_dir is None or Path(name).is_absolute() else base_dir / name
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.txt") if p.is_file())
        elif path.is_file():
            files = [path]
        else:
            raise RejectedInput("no such file or folder", stage="discover", source=name)
        for file in files:
            sidecar = file.with_name(file.name + ".meta.json")
            extra: dict[str, Any] = json.loads(sidecar.read_text("utf-8")) if sidecar.is_file() else {}
            metas.append(SourceMeta(uri=str(file), name=file.name, url=extra.get("url"), title=extra.get("title"),
                                    publisher=extra.get("publisher"), retrieved_at=extra.get("retrieved_at")))
    return metas


def read(meta: SourceMeta, *, limits: IngestLimits = IngestLimits()) -> Document:
    data = Path(meta.uri).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RejectedInput("not UTF-8 text", stage="ingest", source=meta.name) from None
    if not text.strip():
        raise RejectedInput("empty document", stage="ingest", source=meta.name)
    return Document(source=meta, sha256=hashlib.sha256(data).hexdigest(), media_type="text/plain",
                    encoding="utf-8", text=text)


def parse(document: Document) -> ReportTree:
    text = document.text
    found = list(HEADING.finditer(text))
    sections = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        ordinal = CN_ORDINAL.index(m.group(1)[-1]) + 1
        sections.append(Section(index=i, level=1, marker=m.group(1) + "、", ordinal=ordinal, path=str(ordinal),
                                parent=None, heading=m.group(2).split("。")[0], body=text[m.end():end].strip(),
                                start=m.start(), end=end))
    return ReportTree(document=document, text=text, sections=tuple(sections))


def extract(tree: ReportTree) -> Records:
    doc = tree.document
    rid = report_id_for(doc.source.name)
    report = ReportRow(
        report_id=rid, title=doc.source.title, title_source="metadata", document_type="other", issuer=None,
        publication_date=None, disclosure_start=None, disclosure_end=None, inspection_body=None,
        inspection_round=None, inspected_body=None, inspection_start=None, inspection_end=None,
        feedback_date=None, source_name=doc.source.name, source_uri=doc.source.uri, source_url=doc.source.url,
        source_sha256=doc.sha256, media_type=doc.media_type, encoding=doc.encoding,
        retrieved_at=doc.source.retrieved_at, language="zh-Hans", char_count=len(tree.text),
        section_count=len(tree.sections), measure_count=0, date_count=0, contact_count=0, figure_count=0,
        parser_version=govpub.PARSER_VERSION)
    sections = tuple(
        SectionRow(section_id=f"{rid}-s{s.path}", report_id=rid, parent_id=None, level=s.level, marker=s.marker,
                   ordinal=s.ordinal, path=s.path, heading=s.heading, body=s.body, char_start=s.start,
                   char_end=s.end)
        for s in tree.sections)
    return Records(reports=(report,), sections=sections)


def build_package(records: Records, meta: DatasetMeta, out_dir: Path, *, created: str,
                  rejected: Sequence[Rejected] = ()) -> Package:
    data = out_dir / "data"
    data.mkdir(parents=True, exist_ok=True)
    files = []
    counts = {}
    for table in ("reports", "sections"):
        rows = records.table(table)
        counts[table] = len(rows)
        path = data / f"{table}.csv"
        names = field_names(type(rows[0])) if rows else ["empty"]
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(names)
            for row in rows:
                writer.writerow([getattr(row, n) for n in names])
        blob = path.read_bytes()
        files.append(PackageFile(path=f"data/{table}.csv", bytes=len(blob),
                                 sha256=hashlib.sha256(blob).hexdigest(), media_type="text/csv; charset=utf-8"))
    content = hashlib.sha256("".join(f.sha256 for f in files).encode()).hexdigest()
    descriptor = {"name": meta.name, "version": "0.0.0", "created": created,
                  "resources": [{"name": f.path.split("/")[1][:-4], "path": f.path} for f in files]}
    (out_dir / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")
    return Package(root=out_dir, name=meta.name, descriptor=descriptor, files=tuple(files), content_hash=content,
                   schema_hash="stand-in", row_counts=counts)


def validate_package(package: Package, *, rejected: Sequence[Rejected] = ()) -> ValidationReport:
    return ValidationReport(valid=True, rows_checked=sum(package.row_counts.values()))


def publish(package: Package, target: str, *, meta: DatasetMeta, now: str,
            s3_endpoint_url: str | None = None) -> Release:
    root = Path(target) / package.name
    index = root / "versions.json"
    versions: list[dict[str, str]] = json.loads(index.read_text("utf-8")) if index.is_file() else []
    latest = versions[0] if versions else None
    if latest and latest["content_hash"] == package.content_hash:
        return Release(dataset=package.name, status="unchanged", version=latest["version"], target=target,
                       location=str(root / latest["version"]), latest=str(root / "latest"))
    version = f"{len(versions) + 1}.0.0"
    shutil.copytree(package.root, root / version)
    versions.insert(0, {"version": version, "content_hash": package.content_hash, "created": now})
    index.write_text(json.dumps(versions), "utf-8")
    return Release(dataset=package.name, status="published", version=version, target=target,
                   location=str(root / version), latest=str(root / "latest"),
                   files=tuple(f.path for f in package.files),
                   previous_version=latest["version"] if latest else None)


STAGES = {"discover": discover, "read": read, "parse": parse, "extract": extract, "build_package": build_package,
          "validate_package": validate_package, "publish": publish}


def install(setattr_: Any = setattr) -> None:
    """Put the stand-ins where the flow looks stages up: the govpub.pipeline module."""
    for name, fn in STAGES.items():
        setattr_(pipeline, name, fn)
