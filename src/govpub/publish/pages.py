"""Static HTML landing pages: a staged release folder (or the versions of every dataset) in, index.html text out.

The publisher writes `release_page(stage_dir)` as index.html into every release folder
and latest/, and `root_page({dataset: versions.json})` as <target>/index.html. Pages are
self-contained (inline CSS and SVG, no scripts) and link only relatively, so they work
from file:// and from a bucket alike. Every text that comes from a document or the
package is escaped (see pages_html).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from govpub.publish.pages_chart import bar_chart
from govpub.publish.pages_html import (
    bi,
    esc,
    html_id,
    human_size,
    licence_href,
    safe_href,
    t,
    t_html,
    zh,
)
from govpub.publish.pages_layout import document
from govpub.publish.pages_measures import OTHERS, MeasuresSummary
from govpub.publish.pages_read import (
    Changes,
    FileEntry,
    ReleaseView,
    TableInfo,
    bilingual,
    read_release,
)

_KIND_LABEL: dict[str, tuple[str, str]] = {
    "descriptor": ("数据包描述", "Data Package descriptor"),
    "readme": ("说明文件", "README"),
    "changelog": ("更新日志", "Changelog"),
    "changes": ("变化明细", "Changes (JSON)"),
    "manifest": ("文件清单", "Manifest"),
    "csv": ("CSV", "CSV"),
    "excel": ("Excel 副本", "Excel copy"),
    "parquet": ("Parquet", "Parquet"),
    "other": ("其他", "Other"),
}


def _date(created: str | None) -> str:
    return created[:10] if created else "—"


def _link(path: str, label_html: str, *, download: bool = False) -> str:
    href = safe_href(path)
    if href is None:
        return label_html
    return f'<a href="{href}"{" download" if download else ""}>{label_html}</a>'


def _header(view: ReleaseView) -> str:
    licences = ", ".join(
        f'<a href="{esc(href)}" rel="license noopener noreferrer">{esc(lic.title or lic.name)}</a>'
        if (href := licence_href(lic.url)) else esc(lic.title or lic.name)
        for lic in view.licences
    ) or "—"
    counts = []
    if view.report_count is not None:
        counts.append(f"{view.report_count:,} {t('份报告', 'reports')}")
    if view.measure_count is not None:
        counts.append(f"{view.measure_count:,} {t('条整改措施', 'measures')}")
    facts = [
        (t("发布者", "Publisher"), esc(view.publisher or "—")),
        (t("许可协议", "Licence"), licences),
        (t("版本", "Version"), f"<code>{esc(view.version or '—')}</code>"),
        (t("发布日期", "Released"), f'<time datetime="{esc(view.created or "")}">{esc(_date(view.created))}</time>'),
    ]
    if counts:
        facts.append((t("内容", "Contents"), " · ".join(counts)))
    crumbs = (f'<p class="crumbs"><a href="../../index.html">{t("全部数据集", "All datasets")}</a> › '
              f'<a href="../versions.json">{esc(view.name)}</a> › {esc(view.version or "")}</p>')
    lede = f'<p class="lede">{bi(view.description, empty="")}</p>' if view.description.any else ""
    dl = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in facts)
    toc_items = [("changes", "本版变化", "What changed"), ("downloads", "下载", "Downloads"),
                 ("preview", "整改措施预览", "Preview"), ("chart", "图表", "Chart"),
                 ("dictionary", "数据字典", "Data dictionary")]
    toc = "".join(f'<a href="#{a}">{t(z, e)}</a>' for a, z, e in toc_items)
    return (f"{crumbs}<h1>{bi(view.title, empty=view.name)}</h1>{lede}"
            f'<section class="card" aria-label="facts" style="margin-bottom:0"><dl class="facts">{dl}</dl></section>'
            f'<nav class="toc" aria-label="contents">{toc}</nav>')


def _delta(n: int, sign: str, css: str) -> str:
    return f'<span class="{css}">{sign}{n}</span>' if n else '<span class="muted">0</span>'


def _changes(changes: Changes, view: ReleaseView) -> str:
    if not changes.available:
        body = (f"<p>{t('这是第一个版本，或本版没有变化记录。', 'This is the first release, or it carries no change record.')}</p>"
                if not changes.problem else f'<p class="note">{esc(changes.problem)}</p>')
    elif changes.previous is None:
        body = f"<p>{t('这是第一个版本。', 'This is the first release.')}</p>"
    else:
        rows = "".join(
            f'<tr><td><code>{esc(c.table)}</code></td><td class="num">{_delta(c.added, "+", "plus")}</td>'
            f'<td class="num">{_delta(c.removed, "−", "minus")}</td>'
            f'<td class="num">{_delta(c.changed, "~", "changed")}</td></tr>'
            for c in changes.tables if c.added or c.removed or c.changed
        )
        same = [c.table for c in changes.tables if not (c.added or c.removed or c.changed)]
        table = (f'<div class="scroll"><table class="compact"><thead><tr><th>{t("表", "Table")}</th>'
                 f'<th class="num">{t("新增行", "Added")}</th><th class="num">{t("删除行", "Removed")}</th>'
                 f'<th class="num">{t("修改行", "Changed")}</th></tr></thead><tbody>{rows}</tbody></table></div>'
                 if rows else f"<p>{t('各表数据没有变化。', 'No rows changed.')}</p>")
        if rows and same:
            table += (f'<p class="muted">{t("没有变化的表：", "Unchanged:")} '
                      + ", ".join(f"<code>{esc(name)}</code>" for name in same) + "</p>")
        schema = ""
        if changes.schema_changes:
            items = "".join(f"<li>{esc(s)}</li>" for s in changes.schema_changes)
            schema = f"<h3>{t('表结构变化', 'Schema changes')}</h3><ul>{items}</ul>"
        body = (f"<p>{t('与上一版本相比：', 'Compared with the previous release:')} "
                f"<code>{esc(changes.previous)}</code></p>{table}{schema}")
    changelog = next((f for f in view.files if f.kind == "changelog"), None)
    more = (f"<p>{_link(changelog.path, t('完整更新日志', 'Full changelog'))}</p>" if changelog else "")
    return f'<section class="card" id="changes"><h2>{t("本版变化", "What changed")}</h2>{body}{more}</section>'


def _file_cell(entry: FileEntry | None, label: str, note: str = "") -> str:
    if entry is None:
        return '<span class="muted">—</span>'
    return (f"{_link(entry.path, f'<strong>{label}</strong>', download=True)}"
            f'<br><span class="muted">{note}<span class="size">{esc(human_size(entry.bytes))}</span></span>')


def _downloads(view: ReleaseView) -> str:
    """One row per table with a link per format; the package files; every file's SHA-256."""
    tables = {info.name: info for info in view.tables}
    by_table: dict[str, dict[str, FileEntry]] = {}
    for entry in view.files:
        if entry.table is not None:
            by_table.setdefault(entry.table, {}).setdefault(entry.kind, entry)
    order = [*[n for n in tables if n in by_table], *sorted(n for n in by_table if n not in tables)]
    rows = []
    for name in order:
        formats = by_table[name]
        info = tables.get(name)
        excel = formats.get("excel")
        excel_note = "CSV · " if excel is not None and excel.path.endswith(".csv") else ""
        if info is not None:
            label = f"<code>{esc(name)}</code><br>{bi(info.title, empty='')}"
        elif set(formats) == {"excel"}:
            label = f"<code>{esc(name)}</code><br>{t('全部表（工作簿）', 'All tables (workbook)')}"
        else:
            label = f"<code>{esc(name)}</code>"
        rows_n = info.rows if info is not None and info.rows is not None else None
        rows.append(
            f'<tr><td data-label="表 Table">{label}</td>'
            f'<td class="num hide-sm" data-label="行数 Rows">{"—" if rows_n is None else f"{rows_n:,}"}</td>'
            f'<td data-label="CSV">{_file_cell(formats.get("csv"), "CSV")}</td>'
            f'<td data-label="Excel">{_file_cell(excel, "Excel", excel_note)}</td>'
            f'<td data-label="Parquet">{_file_cell(formats.get("parquet"), "Parquet")}</td></tr>'
        )
    package_files = [f for f in view.files if f.table is None]
    extras = "".join(
        f"<li>{_link(f.path, f'<code>{esc(f.path)}</code>', download=f.kind != 'readme')} "
        f'<span class="muted">{t(*_KIND_LABEL[f.kind])} · {esc(human_size(f.bytes))}</span></li>'
        for f in package_files
    )
    checksums = "".join(
        f'<tr><td data-label="文件 File"><code>{esc(f.path)}</code></td>'
        f'<td class="num" data-label="大小 Size">{esc(human_size(f.bytes))}</td>'
        f'<td class="block" data-label="SHA-256"><span class="hash">{esc(f.sha256)}</span></td></tr>'
        for f in view.files
    )
    if not view.files:
        return (f'<section class="card" id="downloads"><h2>{t("下载", "Downloads")}</h2>'
                f'<p class="muted">{t("本版没有可下载的文件。", "This release has no files.")}</p></section>')
    hint = t("CSV 为 UTF-8 编码；用 Excel 打开请选 Excel 列的文件。用 SHA-256 核对下载是否完整。",
             "CSVs are UTF-8; in Excel, open the file in the Excel column. SHA-256 checks a download.")
    table = (f'<div class="scroll"><table class="compact downloads"><thead><tr><th>{t("表", "Table")}</th>'
             f'<th class="num hide-sm">{t("行数", "Rows")}</th><th>CSV</th><th>Excel</th><th>Parquet</th></tr>'
             f'</thead><tbody>{"".join(rows)}</tbody></table></div>' if rows else "")
    package = (f"<h3>{t('数据包文件', 'Package files')}</h3><ul class=\"files\">{extras}</ul>" if extras else "")
    return (f'<section class="card" id="downloads"><h2>{t("下载", "Downloads")}</h2><p class="muted">{hint}</p>'
            f"{table}{package}"
            f'<details class="checksums"><summary>{t("校验值", "Checksums")} (SHA-256)</summary><div>'
            f'<div class="scroll"><table class="stack"><thead><tr><th>{t("文件", "File")}</th>'
            f'<th class="num">{t("大小", "Size")}</th><th>SHA-256</th></tr></thead><tbody>{checksums}</tbody>'
            f"</table></div></div></details></section>")


def _preview(view: ReleaseView) -> str:
    if view.measure_count == 0:
        body = f"<p class=\"muted\">{t('本版没有整改措施。', 'This release has no measures.')}</p>"
    elif not view.preview:
        body = f"<p class=\"muted\">{t('本版没有整改措施表。', 'This release has no measures table.')}</p>"
    else:
        rows = "".join(
            f'<tr><td class="num hide-sm" data-label="#">{i}</td>'
            f'<td data-label="报告 Report">{zh(m.report_title, limit=60)}</td>'
            f'<td data-label="章节 Section">{zh(m.section_headings, limit=80)}</td>'
            f'<td data-label="摘要 Summary"><span class="badge">{esc(m.marker)}</span>{zh(m.summary, limit=160)}</td>'
            "</tr>"
            for i, m in enumerate(view.preview, start=1)
        )
        shown = len(view.preview)
        total = view.measure_count if view.measure_count is not None else shown
        csv_entry = next((f for f in view.files if f.table == "measures" and f.kind == "csv"), None)
        full = f" {_link(csv_entry.path, t('下载完整表格', 'Download the full table'))}" if csv_entry else ""
        body = (f'<p class="muted">{t(f"前 {shown} 条，共 {total} 条。", f"First {shown} of {total}.")}{full}</p>'
                f'<div class="scroll"><table class="stack"><thead><tr><th class="num hide-sm">#</th>'
                f'<th>{t("报告", "Report")}</th><th>{t("章节", "Section")}</th><th>{t("摘要", "Summary")}</th>'
                f"</tr></thead><tbody>{rows}</tbody></table></div>")
    return (f'<section class="card" id="preview"><h2>{t("整改措施预览", "Preview of measures")}</h2>{body}'
            "</section>")


def _chart(view: ReleaseView) -> str:
    chart = view.chart
    if chart is None:
        body = f"<p class=\"muted\">{t('没有可绘制的整改措施。', 'No measures to chart.')}</p>"
    else:
        zh_t, en_t = (("各一级章节的整改措施数", "Measures per top-level section") if chart.basis == "section"
                      else ("各报告的整改措施数", "Measures per report"))
        body = (f"<h3>{t(zh_t, en_t)}</h3>"
                f'<div class="chart">{bar_chart(chart.bars, title=f"{zh_t} / {en_t}", other_label=OTHERS)}</div>'
                f'<p class="muted">{t(f"共 {chart.total} 条整改措施。", f"{chart.total} measures in all.")}</p>')
    return f'<section class="card" id="chart"><h2>{t("图表", "Chart")}</h2>{body}</section>'


def _field_rows(info: TableInfo) -> str:
    rows = []
    for f in info.fields:
        badges = []
        if f.primary_key:
            badges.append(f'<span class="badge">{t("主键", "key")}</span>')
        if f.required:
            badges.append(f'<span class="badge">{t("必填", "required")}</span>')
        extra = ""
        if f.enum:
            extra += f'<div><span class="muted">{t("取值", "Values")}: </span>' + ", ".join(
                f"<code>{esc(v)}</code>" for v in f.enum) + "</div>"
        if f.foreign_key:
            extra += (f'<div><span class="muted">{t("引用", "References")}: </span>'
                      f"<code>{esc(f.foreign_key)}</code></div>")
        rows.append(
            f'<tr><td data-label="字段 Field"><code>{esc(f.name)}</code><br>{"".join(badges)}</td>'
            f'<td data-label="类型 Type"><code>{esc(f.type)}</code></td>'
            f'<td data-label="标题 Title">{bi(f.title)}</td>'
            f'<td class="field-desc" data-label="说明 Description">{bi(f.description, empty="")}{extra}</td></tr>'
        )
    return "".join(rows)


def _dictionary(view: ReleaseView) -> str:
    if not view.tables:
        body = f"<p class=\"muted\">{t('数据包没有表结构。', 'The package declares no table schemas.')}</p>"
    else:
        taken = {"changes", "downloads", "preview", "chart", "dictionary", "chart-title", "lang-all", "lang-zh",
                 "lang-en"}
        parts = []
        for i, info in enumerate(view.tables):
            rows = f" · {info.rows:,} {t('行', 'rows')}" if info.rows is not None else ""
            desc = f"<p>{bi(info.description, empty='')}</p>" if info.description.any else ""
            parts.append(
                f'<details id="{html_id("dict", info.name, taken)}"{" open" if i == 0 else ""}><summary>'
                f"<code>{esc(info.name)}</code> {bi(info.title, empty='')}"
                f'<span class="muted">{rows}</span></summary><div>{desc}'
                f'<div class="scroll"><table class="stack"><thead><tr><th>{t("字段", "Field")}</th>'
                f'<th>{t("类型", "Type")}</th><th>{t("标题", "Title")}</th><th>{t("说明", "Description")}</th>'
                f"</tr></thead><tbody>{_field_rows(info)}</tbody></table></div></div></details>"
            )
        body = "".join(parts)
    return f'<section class="card" id="dictionary"><h2>{t("数据字典", "Data dictionary")}</h2>{body}</section>'


def _notes(view: ReleaseView) -> str:
    if not view.notes:
        return ""
    items = "".join(f"<li>{esc(n)}</li>" for n in view.notes)
    return f'<section class="card note"><ul>{items}</ul></section>'


def release_page(stage_dir: Path, rows: Mapping[str, int] | None = None,
                 measures: MeasuresSummary | None = None) -> str:
    """index.html for a release folder holding datapackage.json (stamped), changes.json and data/;
    `rows` are the tables' row counts when known (else they are counted from the CSVs), `measures`
    the measures summary when known (else data/measures.csv is read)."""
    view = read_release(stage_dir, rows, measures)
    title = " · ".join(p for p in (view.title.zh, view.title.en) if p) or view.name
    body = "\n".join((_notes(view), _changes(view.changes, view), _downloads(view), _preview(view),
                      _chart(view), _dictionary(view)))
    source = _link("datapackage.json", "<code>datapackage.json</code>")
    footer = (f"<p>{t_html(f'本页由 govpub 根据 {source} 自动生成。', f'Generated by govpub from {source}.')} "
              f"<code>{esc(view.name)} {esc(view.version or '')}</code></p>")
    return document(title=f"{title} {view.version or ''}".strip(), header=_header(view), body=body, footer=footer)


def _version_rows(name: str, versions: Sequence[Any], latest: str | None) -> str:
    rows = []
    for v in versions:
        if not isinstance(v, Mapping):
            continue
        version = str(v.get("version") or "")
        counts = v.get("rows") if isinstance(v.get("rows"), Mapping) else {}
        assert isinstance(counts, Mapping)
        total = sum(n for n in counts.values() if isinstance(n, int))
        detail = ", ".join(f"{k} {n}" for k, n in counts.items())
        size = v.get("bytes") if isinstance(v.get("bytes"), int) else None
        digest = str(v.get("content_hash") or "")
        code = f"<code>{esc(version)}</code>"
        badge = f' <span class="badge">{t("最新", "latest")}</span>' if version and version == latest else ""
        rows.append(
            f'<tr><td data-label="版本 Version">{_link(f"{name}/{version}/index.html", code)}{badge}</td>'
            f'<td data-label="发布日期 Released">{esc(_date(str(v.get("created") or "") or None))}</td>'
            f'<td class="num" data-label="行数 Rows"><span title="{esc(detail)}">{total:,}</span></td>'
            f'<td class="num" data-label="大小 Size">{esc(human_size(size))}</td>'
            f'<td data-label="内容哈希 Content hash"><span class="hash" title="{esc(digest)}">'
            f"{esc(digest.removeprefix('sha256:')[:16])}</span></td></tr>"
        )
    return "".join(rows)


def root_page(datasets: Mapping[str, Mapping[str, Any]]) -> str:
    """index.html at the target root; `datasets` maps dataset name to its versions.json content."""
    cards = []
    for name in sorted(datasets):
        info = datasets[name] if isinstance(datasets[name], Mapping) else {}
        title = bilingual(info, "title")
        latest = str(info.get("latest") or "") or None
        versions = info.get("versions") if isinstance(info.get("versions"), list) else []
        assert isinstance(versions, list)
        links = [_link(f"{name}/latest/index.html", t("最新版本", "Latest release")),
                 _link(f"{name}/versions.json", "<code>versions.json</code>")]
        table = (f'<div class="scroll"><table class="stack"><thead><tr><th>{t("版本", "Version")}</th>'
                 f'<th>{t("发布日期", "Released")}</th><th class="num">{t("行数", "Rows")}</th>'
                 f'<th class="num">{t("大小", "Size")}</th><th>{t("内容哈希", "Content hash")}</th></tr></thead>'
                 f"<tbody>{_version_rows(name, versions, latest)}</tbody></table></div>" if versions else
                 f"<p class=\"muted\">{t('尚无已发布版本。', 'No published versions yet.')}</p>")
        cards.append(
            f'<section class="card"><h2>{bi(title, empty=name)}</h2>'
            f'<p><code>{esc(name)}</code> · {t("最新", "latest")}: <code>{esc(latest or "—")}</code> · '
            f'{" · ".join(links)}</p>{table}</section>'
        )
    if not cards:
        cards.append(f"<section class=\"card\"><p>{t('尚无数据集。', 'No datasets yet.')}</p></section>")
    catalogs = (f'<section class="card" id="catalogs"><h2>{t("数据目录", "Catalogs")}</h2>'
                f"<p class=\"muted\">{t('供开放数据门户采集。', 'For open-data portals and harvesters.')}</p>"
                f'<ul class="files"><li>{_link("catalog.jsonld", "<code>catalog.jsonld</code>")} '
                f'<span class="muted">DCAT-AP 3 (JSON-LD)</span></li>'
                f'<li>{_link("data.json", "<code>data.json</code>")} <span class="muted">DCAT-US 1.1</span></li>'
                "</ul></section>")
    header = (f"<h1>{t('政府公文开放数据', 'Open data from government reports')}</h1>"
              f'<p class="lede">{t("每个数据集的所有版本；已发布的版本不会再改变。", "Every dataset and each of its versions; a published version never changes.")}</p>')
    footer = f"<p>{t('本页由 govpub 自动生成。', 'Generated by govpub.')}</p>"
    return document(title="govpub · 开放数据 Open data", header=header, body="\n".join([*cards, catalogs]),
                    footer=footer)


__all__ = ["release_page", "root_page"]
