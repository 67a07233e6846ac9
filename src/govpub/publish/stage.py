"""A Package plus version, time and the previous release in, a staged release folder and its Manifest out."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from govpub.config import DatasetMeta
from govpub.digests import file_digest as _file_digest
from govpub.digests import known
from govpub.errors import TerminalError
from govpub.package.model import Package
from govpub.publish import pages
from govpub.publish.changes import Changes, Loader, SegmentSource, changelog, changelog_entry, diff_releases
from govpub.publish.layout import content_type
from govpub.publish.links import place, replace_bytes
from govpub.publish.manifest import Manifest, ManifestFile, canonical_json, meta_to_json
from govpub.publish.pages_measures import MeasuresPartial, combine
from govpub.publish.segments import RangeLoader
from govpub.publish.storage import check_key
from govpub.publish.tables import read_rows, table_files

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # e.g. "2025-09-18"
REPORT_DATE_FIELDS = ("publication_date", "disclosure_start", "disclosure_end", "inspection_start",
                      "inspection_end", "feedback_date")
# Files publish renders into every version (the manifest, written last, describes them and itself
# is not listed); a package must not bring its own.
RENDERED_FILES = ("datapackage.json", "CHANGELOG.md", "changes.json", "index.html")
RENDERED = (*RENDERED_FILES, "manifest.json")


@dataclass(frozen=True)
class PreviousRelease:
    manifest: Manifest
    descriptor: Mapping[str, Any]
    load: Loader
    changelog: str | None
    load_range: RangeLoader | None = None  # (path, start, length) -> bytes: for the diff by segment


@dataclass(frozen=True)
class Staged:
    root: Path
    manifest: Manifest
    changes: Changes

    @property
    def package_paths(self) -> tuple[str, ...]:
        """Files that come from the package (uploaded first); the rest are rendered from them."""
        return tuple(f.path for f in self.manifest.files if f.path not in RENDERED)


def metadata_hash(descriptor: Mapping[str, Any], meta: DatasetMeta) -> str:
    """Everything a reader sees besides the data: a change here alone makes a patch release."""
    desc = {k: v for k, v in descriptor.items() if k not in ("version", "created", "resources", "files")}
    # Hashes and sizes belong to the content (or to a rebuilt README), not to the metadata.
    parts = [{k: v for k, v in r.items() if k not in ("hash", "bytes", "schema")}
             for r in list(descriptor.get("resources", ())) + list(descriptor.get("files", ()))
             if isinstance(r, Mapping)]
    blob = canonical_json({"descriptor": desc, "resources": parts, "meta": meta_to_json(meta)})
    return hashlib.sha256(blob).hexdigest()


def _copy_package(package: Package, root: Path) -> dict[str, tuple[int, str]]:
    """Place every package file in the stage (a hard link on the same filesystem, else a streamed
    copy) and prove each against the package's hash; the proven (size, sha256) are returned so
    later steps need not read them again. A file the package writer seeded into the digest memo
    is never read here; a linked file shares the package's inode, so it is not read twice."""
    proven: dict[str, tuple[int, str]] = {}
    for f in package.files:
        check_key(f.path)
        if f.path in RENDERED:
            raise TerminalError(f"package file {f.path} would be overwritten by publish", stage="publish",
                                source=str(package.root))
        src = package.root / f.path
        dst = root / f.path
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            size, digest = _file_digest(src)
        except OSError as exc:
            raise TerminalError(f"cannot read package file {f.path}: {exc}", stage="publish",
                                source=str(package.root)) from None
        if size != f.bytes or digest != f.sha256:
            raise TerminalError(f"{f.path} changed after the package was built", stage="publish",
                                source=str(package.root))
        place(src, dst)
        if known(dst) != (size, digest) and _file_digest(dst) != (size, digest):
            raise TerminalError(f"{f.path} changed while it was staged", stage="publish", source=str(package.root))
        proven[f.path] = (size, digest)
    return proven


def _stamp(descriptor: Mapping[str, Any], root: Path, version: str, created: str,
           trusted: set[str] | None = None, proven: Mapping[str, tuple[int, str]] | None = None) -> dict[str, Any]:
    out = json.loads(json.dumps(descriptor))
    out["version"] = version
    out["created"] = created
    # Resources and the package writer's `files` list both carry hash and bytes: make them the
    # bytes being published (an adopted README differs from ours), checking our own files first.
    for res in list(out.get("resources", ())) + list(out.get("files", ())):
        if not isinstance(res, dict):
            continue
        path = str(res.get("path", ""))
        if not path or not (root / check_key(path)).is_file():
            raise TerminalError(f"resource {path!r} has no file", stage="publish")
        size, digest = (proven or {}).get(path) or _file_digest(root / path)
        declared = str(res.get("hash", ""))
        if declared and path not in (trusted or set()) and declared.removeprefix("sha256:") != digest \
                and len(declared.removeprefix("sha256:")) == 64:
            raise TerminalError(f"resource {path} hash {declared} does not match its file", stage="publish")
        res["hash"] = f"sha256:{digest}"
        res["bytes"] = size
    return out


def temporal_coverage(descriptor: Mapping[str, Any], load: Loader) -> tuple[str, str] | None:
    files = table_files(descriptor).get("reports")
    if not files:
        return None
    kind = "parquet" if "parquet" in files else "csv"
    days = sorted(str(v) for row in read_rows(load(files[kind]), kind, files[kind])
                  for k in REPORT_DATE_FIELDS if (v := row.get(k)) is not None and ISO_DAY.match(str(v)))
    return (days[0], days[-1]) if days else None


def diff_changes(package: Package, previous: PreviousRelease | None) -> Changes:
    """Rows and schemas of the package against the previous release (version left blank)."""

    def load(path: str) -> bytes:
        return (package.root / check_key(path)).read_bytes()

    def load_range(path: str, start: int, length: int) -> bytes:
        with (package.root / check_key(path)).open("rb") as fh:
            fh.seek(start)
            return fh.read(length)

    new_seg = SegmentSource(package.segments, load_range) if package.segments else None
    old_seg = SegmentSource(previous.manifest.segments, previous.load_range) \
        if previous is not None and previous.manifest.segments and previous.load_range is not None else None
    return diff_releases("", package.descriptor, load, previous.manifest.version if previous else None,
                         previous.descriptor if previous else None, previous.load if previous else None,
                         new_segments=new_seg, old_segments=old_seg)


def check_segments(package: Package) -> None:
    """Segments must tile data/<table>.csv after its header: contiguous, in order, ending at the
    file's end. Wrong ones would make the next diff read the wrong bytes, so they are refused."""
    sizes = {f.path: f.bytes for f in package.files}
    for table, segs in package.segments.items():
        path = f"data/{table}.csv"
        if path not in sizes:
            raise TerminalError(f"segments for {table} but no {path}", stage="publish", source=str(package.root))
        end = segs[0].offset if segs else 0
        for s in segs:
            if s.offset != end or s.length < 0 or s.rows < 0:
                raise TerminalError(f"segment {s.prefix!r} of {path} does not follow the previous one",
                                    stage="publish", source=str(package.root))
            end = s.offset + s.length
        if segs and end != sizes[path]:
            raise TerminalError(f"segments of {path} end at byte {end}, the file at {sizes[path]}",
                                stage="publish", source=str(package.root))


def stage_release(package: Package, meta: DatasetMeta, *, version: str, created: str,
                  previous: PreviousRelease | None, root: Path, changes: Changes | None = None,
                  adopted: Mapping[str, bytes] | None = None) -> Staged:
    """Write every file of the version into `root` and describe them in a Manifest. `adopted` replaces
    package files with bytes another publisher of the same data already uploaded (e.g. its README),
    so that everything rendered from them matches what is in storage."""
    root.mkdir(parents=True, exist_ok=True)
    check_segments(package)
    proven = _copy_package(package, root)
    for path, data in (adopted or {}).items():
        if path not in {f.path for f in package.files}:
            raise TerminalError(f"cannot adopt {path}: not a package file", stage="publish")
        # Never into the staged name: it is a link to the package's file.
        replace_bytes(root / check_key(path), data)
        proven.pop(path, None)  # replaced: hashed again below

    def load(path: str) -> bytes:
        return (root / check_key(path)).read_bytes()

    stamped = _stamp(package.descriptor, root, version, created, trusted=set(adopted or ()), proven=proven)
    replace_bytes(root / "datapackage.json", canonical_json(stamped))
    if changes is None:
        changes = diff_changes(package, previous)
    changes = replace(changes, version=version)
    replace_bytes(root / "changes.json", canonical_json(changes.to_json()))
    replace_bytes(root / "CHANGELOG.md", changelog(changelog_entry(changes, created),
                                                  previous.changelog if previous else None).encode("utf-8"))
    measures = combine([MeasuresPartial.from_json(m) for m in package.measures_partials]) \
        if package.measures_partials else None
    replace_bytes(root / "index.html", pages.release_page(root, package.row_counts, measures).encode("utf-8"))

    paths = sorted({f.path for f in package.files} | set(RENDERED_FILES))
    digests = {p: proven.get(p) or _file_digest(root / p) for p in paths}
    files = tuple(ManifestFile(p, digests[p][0], digests[p][1], content_type(p)) for p in paths)
    manifest = Manifest(
        dataset=package.name, version=version, created=created, content_hash=package.content_hash,
        schema_hash=package.schema_hash, metadata_hash=metadata_hash(package.descriptor, meta),
        previous=previous.manifest.version if previous else None, files=files, rows=dict(package.row_counts),
        temporal=temporal_coverage(stamped, load), meta=meta_to_json(meta), segments=dict(package.segments),
    )
    return Staged(root, manifest, changes)
