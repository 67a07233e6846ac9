"""Schemas, DatasetMeta and the package's files in, README.md (a bilingual data dictionary) out."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from govpub.config import DatasetMeta
from govpub.package.model import PackageFile
from govpub.package.schemas import is_required, primary_key

TYPE_ZH = {"string": "文本", "integer": "整数", "number": "数值", "date": "日期"}


def md(text: Any) -> str:
    """Text safe inside a Markdown table cell: HTML escaped (renderers pass raw HTML
    through), pipes and newlines neutralised."""
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _constraints(field: Mapping[str, Any]) -> str:
    c = field.get("constraints", {})
    parts = []
    if "enum" in c:
        parts.append("enum: " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "pattern" in c:
        parts.append(f"pattern: `{c['pattern']}`")
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    if "maximum" in c:
        parts.append(f"≤ {c['maximum']}")
    return md("; ".join(parts))


def table_section(name: str, schema: Mapping[str, Any], rows: int | None = None) -> list[str]:
    lines = [f"### `{name}` — {md(schema.get('title_zh', ''))} / {md(schema.get('title', ''))}", ""]
    lines.append(f"{md(schema.get('description_zh', ''))}  ")
    lines.append(md(schema.get("description", "")))
    lines.append("")
    pk = primary_key(schema)
    if pk:
        lines.append(f"主键 Primary key: `{', '.join(pk)}`  ")
    for fk in schema.get("foreignKeys", ()):
        ref = fk["reference"]
        lines.append(f"外键 Foreign key: `{fk['fields']}` → `{ref.get('resource') or name}.{ref['fields']}`  ")
    if rows is not None:
        lines.append(f"行数 Rows: {rows}")
    lines += ["", "| 字段 field | 类型 type | 必填 required | 中文 | English | 约束 constraints |",
              "|---|---|---|---|---|---|"]
    for field in schema["fields"]:
        kind = str(field.get("type", "string"))
        zh = f"**{md(field.get('title_zh', ''))}**：{md(field.get('description_zh', ''))}"
        en = f"**{md(field.get('title', ''))}**: {md(field.get('description', ''))}"
        required = "是 yes" if is_required(field) else "否 no"
        lines.append(f"| `{field['name']}` | {TYPE_ZH.get(kind, kind)} {kind} | {required} | {zh} | {en} | "
                     f"{_constraints(field)} |")
    lines.append("")
    return lines


def render_readme(meta: DatasetMeta, schemas: Mapping[str, Mapping[str, Any]],
                  row_counts: Mapping[str, int], files: Sequence[PackageFile]) -> str:
    lines = [f"# {md(meta.title_zh)} / {md(meta.title_en)}", "",
             md(meta.description_zh), "", md(meta.description_en), ""]
    lines += ["## 文件 Files", "",
              ("`data/*.csv` 是规范数据（UTF-8，无 BOM）；`data/*.parquet` 内容相同且带类型；"
               "`excel/` 下是供 Excel 直接打开的副本（公式字符已转义）；超过一张工作表行数上限（1,048,576 行）"
               "的表没有 Excel 副本，请用 `data/` 下的 CSV 或 Parquet。  "),
              ("`data/*.csv` are the canonical tables (UTF-8, no BOM); `data/*.parquet` hold the same rows, typed; "
               "`excel/` holds copies that open in Excel with Chinese intact and no cell that can run as a formula; "
               "a table with more rows than a worksheet holds (1,048,576) has none: use its CSV or Parquet in `data/`."),
              "", "| 文件 file | 字节 bytes | sha256 |", "|---|---|---|"]
    lines += [f"| `{md(f.path)}` | {f.bytes} | `{f.sha256}` |" for f in files if f.path != "README.md"]
    lines += ["", "## 数据字典 Data dictionary", ""]
    for name, schema in schemas.items():
        lines += table_section(name, schema, row_counts.get(name))
    licenses = ", ".join(f"[{md(lic.title)}]({html.escape(lic.path, quote=True)})" for lic in meta.licenses)
    lines += ["## 许可 License", "", licenses, ""]
    return "\n".join(lines)
