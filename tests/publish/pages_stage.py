"""Test helper: writes a staged release folder by hand (datapackage.json, CSV/Parquet/Excel, changes.json).

Used by tests/publish/test_pages*.py and tests/browser/; not a test module itself.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd

ZH_TITLE = "巡察整改进展情况公开数据"
EN_TITLE = "Inspection rectification progress reports (open data)"
EVIL = '<script>alert(1)</script>" onload="alert(2)" \' onerror=alert(3) <img src=x onerror=alert(4)>javascript:alert(5)'

SECTIONS_L1 = ["党工委履行巡察整改主体责任情况", "巡察整改任务落实情况", "下一步工作打算"]


def _field(name: str, type_: str, zh: str, en: str, zh_desc: str, en_desc: str, **extra: Any) -> dict[str, Any]:
    # The package stage's form (datapackage/schemas/*.json): English in title/description, Chinese
    # in title_zh/description_zh; test_pages.py checks the other forms the reader accepts.
    return {"name": name, "type": type_, "title": en, "title_zh": zh, "description": en_desc,
            "description_zh": zh_desc, **extra}


SCHEMAS: dict[str, dict[str, Any]] = {
    "reports": {"fields": [
        _field("report_id", "string", "报告编号", "Report id", "来源地址的哈希", "Hash of the source address",
               constraints={"required": True, "unique": True}),
        _field("title", "string", "标题", "Title", "报告标题", "Report title"),
        _field("document_type", "string", "文件类型", "Document type", "公文类型", "Kind of document",
               constraints={"enum": ["rectification_notice", "notice", "work_report", "other"]}),
    ], "primaryKey": ["report_id"]},
    "sections": {"fields": [
        _field("section_id", "string", "章节编号", "Section id", "稳定编号", "Stable id"),
        _field("report_id", "string", "报告编号", "Report id", "所属报告", "Report it belongs to"),
        _field("heading", "string", "标题", "Heading", "章节标题", "Section heading"),
    ], "primaryKey": ["section_id"],
        "foreignKeys": [{"fields": ["report_id"], "reference": {"resource": "reports", "fields": ["report_id"]}}]},
    "measures": {"fields": [
        _field("measure_id", "string", "措施编号", "Measure id", "稳定编号", "Stable id"),
        _field("report_id", "string", "报告编号", "Report id", "所属报告", "Report it belongs to"),
        _field("report_title", "string", "报告标题", "Report title", "报告标题", "Title of the report"),
        _field("section_path", "string", "章节路径", "Section path", "如 2.3", "e.g. 2.3"),
        _field("section_headings", "string", "章节标题", "Section headings", "从一级到本级", "From level 1 down"),
        _field("ordinal", "integer", "序号", "Ordinal", "一是=1", "一是 = 1"),
        _field("marker", "string", "标记", "Marker", "如 一是", "e.g. 一是"),
        _field("summary", "string", "摘要", "Summary", "首句", "The lead clause"),
        _field("text", "string", "全文", "Text", "措施全文", "Full text of the measure"),
    ], "primaryKey": ["measure_id"]},
    "dates": {"fields": [_field("date_id", "string", "日期编号", "Date id", "稳定编号", "Stable id"),
                         _field("start", "date", "开始", "Start", "开始日期", "Start date")]},
    "contacts": {"fields": [_field("contact_id", "string", "联系编号", "Contact id", "稳定编号", "Stable id"),
                            _field("value", "string", "值", "Value", "规范化值", "Normalised value")]},
    "figures": {"fields": [_field("figure_id", "string", "数字编号", "Figure id", "稳定编号", "Stable id"),
                           _field("value", "number", "数值", "Value", "数值", "Numeric value")]},
}

TABLE_TITLES = {"reports": ("报告", "Reports"), "sections": ("章节", "Sections"), "measures": ("整改措施", "Measures"),
                "dates": ("日期", "Dates"), "contacts": ("联系方式", "Contacts"), "figures": ("数字", "Figures")}


def _rows(n_reports: int, measures_per_section: int, evil: bool) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    for r in range(n_reports):
        rid = hashlib.sha256(f"report-{r}".encode()).hexdigest()[:16]
        title = f"关于七届市委第{r + 1}轮巡察整改进展情况的通报" + (EVIL if evil else "")
        tables["reports"].append({"report_id": rid, "title": title, "document_type": "rectification_notice"})
        for s, heading in enumerate(SECTIONS_L1, start=1):
            heading = heading + (EVIL if evil else "")
            tables["sections"].append({"section_id": f"{rid}-s{s}", "report_id": rid, "heading": heading})
            for m in range(1, measures_per_section * s + 1):
                summary = f"第{m}项措施：加快推进整改落实" + (EVIL if evil else "")
                tables["measures"].append({
                    "measure_id": f"{rid}-m{s}.{m}", "report_id": rid, "report_title": title,
                    "section_path": f"{s}.1", "section_headings": f"{heading} > （一）加强组织领导",
                    "ordinal": m, "marker": "一二三四五六七八九十"[(m - 1) % 10] + "是", "summary": summary,
                    "text": summary + "。全文内容。"})
        tables["dates"].append({"date_id": f"{rid}-d1", "start": "2024-04-08"})
        tables["contacts"].append({"contact_id": f"{rid}-c1", "value": "+8675512345678"})
        tables["figures"].append({"figure_id": f"{rid}-f1", "value": 24})
    return tables


def build_stage(root: Path, *, n_reports: int = 1, measures_per_section: int = 2, evil: bool = False,
                previous: str | None = "2026.11.25-1", excel: bool = True, changes: bool = True,
                version: str = "2026.11.26-1") -> Path:
    """A staged release folder as the package and publish stages leave it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    tables = _rows(n_reports, measures_per_section, evil)
    resources = []
    for name, rows in tables.items():
        frame = pd.DataFrame(rows)
        csv_path = root / "data" / f"{name}.csv"
        frame.to_csv(csv_path, index=False, encoding="utf-8", quoting=csv.QUOTE_MINIMAL)
        frame.to_parquet(root / "data" / f"{name}.parquet", index=False)
        for path, fmt, media in ((csv_path, "csv", "text/csv"),
                                 (root / "data" / f"{name}.parquet", "parquet", "application/vnd.apache.parquet")):
            data = path.read_bytes()
            zh, en = TABLE_TITLES[name]
            resources.append({
                "name": name if fmt == "csv" else f"{name}-parquet", "path": f"data/{path.name}", "format": fmt,
                "mediatype": media, "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                "title": en, "title_zh": zh + (EVIL if evil else ""), "schema": SCHEMAS[name]})
    if excel:
        (root / "excel").mkdir(exist_ok=True)
        for name, rows in tables.items():
            pd.DataFrame(rows).to_csv(root / "excel" / f"{name}.csv", index=False, encoding="utf-8-sig",
                                      lineterminator="\r\n")
        with pd.ExcelWriter(root / "excel" / "inspection-rectification-reports.xlsx") as book:
            for name, rows in tables.items():
                pd.DataFrame(rows).to_excel(book, sheet_name=name, index=False)
    descriptor = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "inspection-rectification-reports",
        "title": EN_TITLE, "title_zh": ZH_TITLE + (EVIL if evil else ""),
        "description": "Sections, measures, dates, contacts and figures from rectification notices.",
        "description_zh": "从巡察整改进展情况通报中抽取的章节、整改措施、日期、联系方式和数字。",
        "version": version, "created": "2026-11-26T08:00:00Z",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "contributors": [{"title": "govpub example publisher" + (EVIL if evil else ""), "roles": ["publisher"]}],
        "resources": resources,
    }
    (root / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    (root / "README.md").write_text(f"# {ZH_TITLE}\n", encoding="utf-8")
    (root / "CHANGELOG.md").write_text(f"## {version}\n- 新增 measures\n", encoding="utf-8")
    if changes:
        (root / "changes.json").write_text(json.dumps({
            "version": version, "previous": previous,
            "tables": {"measures": {"added": 3, "removed": ["x-1"], "changed": 2},
                       "reports": {"added": 1, "removed": 0, "changed": 0}},
            "schema_changes": ([{"table": "measures", "change": "changed",
                                 "fields_added": [f"summary{EVIL if evil else ''}"], "fields_removed": [],
                                 "types_changed": []}] if previous else []),
        }, ensure_ascii=False), encoding="utf-8")
    return root


def build_target(target: Path, *, evil: bool = False, n_reports: int = 2) -> tuple[Path, dict[str, Any]]:
    """A whole target: two versions of one dataset, latest/, versions.json, catalogs; pages not yet written."""
    name = "inspection-rectification-reports"
    first = build_stage(target / name / "2026.11.25-1", n_reports=1, previous=None, version="2026.11.25-1",
                        excel=False, evil=evil)
    second = build_stage(target / name / "2026.11.26-1", n_reports=n_reports, version="2026.11.26-1", evil=evil)
    build_stage(target / name / "latest", n_reports=n_reports, version="2026.11.26-1", evil=evil)
    versions = {"dataset": name, "title": {"zh": ZH_TITLE, "en": EN_TITLE}, "latest": "2026.11.26-1",
                "versions": [
                    {"version": v, "created": f"{v[:10].replace('.', '-')}T08:00:00Z", "content_hash": "sha256:" + "ab" * 32,
                     "path": f"{name}/{v}/", "rows": {"reports": 1, "measures": 12},
                     "bytes": sum(p.stat().st_size for p in d.rglob("*") if p.is_file())}
                    for v, d in (("2026.11.26-1", second), ("2026.11.25-1", first))]}
    (target / name / "versions.json").write_text(json.dumps(versions, ensure_ascii=False), encoding="utf-8")
    (target / "catalog.jsonld").write_text("{}", encoding="utf-8")
    (target / "data.json").write_text("{}", encoding="utf-8")
    return target, {name: versions}
