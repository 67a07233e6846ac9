"""The closing summary of a run, for people: what was read, rejected, validated and published."""

from __future__ import annotations

from pathlib import Path

from govpub.pipeline import RunResult


def summary_lines(result: RunResult, *, target: str) -> list[str]:
    lines = [f"sources: {result.sources} read, {len(result.rejected)} rejected"]
    for r in result.rejected:
        lines.append(f"  rejected {r.source} [{r.stage}]: {r.error}")
    rows = ", ".join(f"{table} {n}" for table, n in result.row_counts.items())
    lines.append(f"rows: {rows}")
    lines.append(f"validation: {result.validation.summary()}")
    release = result.release
    if release is None:
        lines.append("published: nothing (the package is invalid; see the errors above)")
    elif release.status == "unchanged":
        lines.append(f"published: nothing new — the data equals version {release.version} at {release.location}")
    else:
        lines.append(f"published: version {release.version} at {release.location}")
    if release is not None and not target.startswith("s3://"):
        version_dir = Path(release.location)
        lines.append(f"  datapackage: {version_dir / 'datapackage.json'}")
        lines.append(f"  landing page: {Path(release.latest) / 'index.html'}")
        lines.append(f"  all datasets: {Path(target) / 'index.html'}")
    return lines


def print_summary(result: RunResult, *, target: str) -> None:
    print("\n".join(summary_lines(result, target=target)))
