"""A RunResult in, the run report out: markdown for people and validation-error rows for a table artifact.

Everything that comes from a document (names, error texts) is escaped: the report is rendered as
markdown/HTML in the Prefect UI, and table cells may be exported to spreadsheets.
"""

from __future__ import annotations

import html
import re

from govpub.config import DatasetMeta
from govpub.pipeline import RunResult
from govpub.publish import Release

# "=HYPERLINK(...)", "+1", "-2", "@SUM(A1)": a spreadsheet would evaluate these as formulas.
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
# "a|b", "`x`", "*y*", "[z](u)": markdown syntax that would break a table row or inject a link.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def md_text(value: object) -> str:
    """Untrusted text as literal markdown on one line: HTML-escaped, markdown-escaped."""
    text = " ".join(str(value).split())
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))


def cell(value: object) -> str:
    """A table-artifact cell: plain text that no spreadsheet will evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if FORMULA_START.match(text) else text


def release_urls(release: Release, meta: DatasetMeta) -> dict[str, str]:
    """Where readers find the release: public URLs when the dataset has a base_url, else locations."""
    if meta.base_url:
        root = f"{meta.base_url.rstrip('/')}/{release.dataset}"
        return {"version": f"{root}/{release.version}/datapackage.json", "latest": f"{root}/latest/datapackage.json"}
    return {"version": f"{release.location.rstrip('/')}/datapackage.json",
            "latest": f"{release.latest.rstrip('/')}/datapackage.json"}


def outcome(result: RunResult) -> str:
    if result.release is None:
        return "Invalid" if not result.validation.valid else "Failed"
    return "Published" if result.release.status == "published" else "Unchanged"


def markdown_report(result: RunResult, meta: DatasetMeta, *, now: str, task_runner: str) -> str:
    rejected = tuple(result.rejected)
    lines = [
        f"# govpub run: {md_text(meta.name)} — {outcome(result)}",
        "",
        f"- run time: {md_text(now)}; task runner: {md_text(task_runner)}",
        f"- documents: {result.sources} read, {len(rejected)} rejected",
        "",
        "## Rows per table",
        "",
        "| table | rows |",
        "|---|---:|",
    ]
    lines += [f"| {md_text(table)} | {count} |" for table, count in result.row_counts.items()]
    lines += ["", "## Rejected documents", ""]
    if rejected:
        lines += ["| source | stage | reason |", "|---|---|---|"]
        lines += [f"| {md_text(r.source)} | {md_text(r.stage)} | {md_text(r.error)} |" for r in rejected]
    else:
        lines.append("None.")
    report = result.validation
    lines += ["", "## Validation", "",
              f"{'valid' if report.valid else '**INVALID**'}: {report.rows_checked} rows checked, "
              f"{len(report.errors)} error(s)."]
    lines += ["", "## Release", ""]
    release = result.release
    if release is None:
        lines.append("Nothing was published: the package did not validate.")
    else:
        urls = release_urls(release, meta)
        verb = "published" if release.status == "published" else "unchanged, equal to"
        lines.append(f"- {verb} version **{md_text(release.version)}**"
                     + (f" (previous: {md_text(release.previous_version)})" if release.previous_version else ""))
        lines.append(f"- datapackage: {md_text(urls['version'])}")
        lines.append(f"- latest: {md_text(urls['latest'])}")
    return "\n".join(lines) + "\n"


def validation_rows(result: RunResult, *, limit: int = 1000) -> list[dict[str, str]]:
    """One row per validation error (the first `limit`), for create_table_artifact."""
    return [
        {"type": cell(e.type), "table": cell(e.table), "row": cell(e.row), "field": cell(e.field),
         "message": cell(e.message)}
        for e in result.validation.errors[:limit]
    ]
