"""The diff by segment gives exactly the Changes of the whole-table diff, reading only differing segments."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from govpub.errors import TerminalError
from govpub.package.model import Package, Segment
from govpub.publish import publish
from govpub.publish.changes import Changes, SegmentSource, diff_releases
from govpub.publish.manifest import Manifest
from govpub.publish.reader import read_manifest
from govpub.publish.segments import read_segments
from tests.publish.helpers import assert_consistent, storage_for
from tests.publish.packages import NAME, make_meta, make_package
from tests.publish.segmenting import rows, segmented

T0 = "2026-11-26T10:00:00+00:00"
T1 = "2026-11-26T11:00:00+00:00"
T2 = "2026-11-26T12:00:00+00:00"
BASE = {"1a": 3, "1b": 2, "2a": 4, "3a": 1, "3b": 5, "5a": 2, "7a": 3}


class Ranges:
    """A byte-range reader of a package folder that records what it read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.reads: list[tuple[str, int, int]] = []

    def __call__(self, path: str, start: int, length: int) -> bytes:
        self.reads.append((path, start, length))
        with (self.root / path).open("rb") as fh:
            fh.seek(start)
            return fh.read(length)


def _loader(root: Path) -> Any:
    return lambda path: (root / path).read_bytes()


def _both(old: Package, new: Package, *, old_desc: Mapping[str, Any] | None = None,
          new_desc: Mapping[str, Any] | None = None) -> tuple[Changes, Changes, Ranges, Ranges]:
    od, nd = old_desc or old.descriptor, new_desc or new.descriptor
    full = diff_releases("v", nd, _loader(new.root), "p", od, _loader(old.root))
    ro, rn = Ranges(old.root), Ranges(new.root)
    by_seg = diff_releases("v", nd, _loader(new.root), "p", od, _loader(old.root),
                           new_segments=SegmentSource(new.segments, rn), old_segments=SegmentSource(old.segments, ro))
    return full, by_seg, ro, rn


def _read_prefixes(reads: Ranges, package: Package) -> set[str]:
    """Which segments of data/measures.csv a reader touched (the header read excluded)."""
    segs = package.segments["measures"]
    return {s.prefix for s in segs for path, start, length in reads.reads
            if path == "data/measures.csv" and start < s.offset + s.length and s.offset < start + length}


def test_no_changed_segment_reads_nothing(tmp_path: Path) -> None:
    a, b = segmented(tmp_path / "a", BASE), segmented(tmp_path / "b", BASE)
    full, by_seg, ro, rn = _both(a, b)
    assert by_seg == full and not full.rows_changed
    assert ro.reads == rn.reads == []


def test_one_changed_segment_is_the_only_one_read(tmp_path: Path) -> None:
    a = segmented(tmp_path / "a", BASE)
    b = segmented(tmp_path / "b", BASE, edits={"3b-m2": "改了"})
    full, by_seg, ro, rn = _both(a, b)
    assert by_seg == full
    assert full.tables["measures"].changed == 1
    assert _read_prefixes(ro, a) == _read_prefixes(rn, b) == {"3"}


@pytest.mark.parametrize("new_reports", [
    {**BASE, "2a": 6, "5a": 1, "1b": 2},  # rows added in one segment, removed in another
    {k: v for k, v in BASE.items() if not k.startswith("5")} | {"9a": 2, "9b": 1},  # segment 5 gone, 9 new
    {"4a": 3},  # every segment differs
    {**BASE, "0a": 1, "7b": 2},  # a segment before the first, one grown at the end
])
def test_many_added_and_removed_segments_match_the_full_diff(tmp_path: Path, new_reports: dict[str, int]) -> None:
    a = segmented(tmp_path / "a", BASE)
    b = segmented(tmp_path / "b", new_reports, edits={"1a-m1": "改了", "7a-m3": "也改了"})
    full, by_seg, _, _ = _both(a, b)
    assert by_seg == full
    assert full.rows_changed


def test_two_character_prefixes_and_mismatched_widths(tmp_path: Path) -> None:
    a = segmented(tmp_path / "a", BASE, width=2)
    b = segmented(tmp_path / "b", {**BASE, "3b": 4}, width=2)
    full, by_seg, ro, _ = _both(a, b)
    assert by_seg == full and _read_prefixes(ro, a) == {"3b"}
    c = segmented(tmp_path / "c", {**BASE, "3b": 4}, width=1)  # other widths: whole-table diff
    full, by_seg, ro, rn = _both(a, c)
    assert by_seg == full and ro.reads == rn.reads == []


def test_a_table_added_and_one_side_without_segments(tmp_path: Path) -> None:
    a = segmented(tmp_path / "a", BASE)
    b = segmented(tmp_path / "b", {**BASE, "2a": 1})
    without = copy.deepcopy(dict(a.descriptor))
    without["resources"] = [r for r in without["resources"] if "measures" not in r["path"]]
    without["files"] = [f for f in without["files"] if "measures" not in f["path"]]
    full, by_seg, _, _ = _both(a, b, old_desc=without)
    assert by_seg == full
    assert [s.change for s in full.schema_changes] == ["table_added"]
    plain = make_package(tmp_path / "c", measure_rows=rows(BASE))  # an old manifest: no segments
    full, by_seg, ro, rn = _both(plain, b)
    assert by_seg == full and ro.reads == rn.reads == []


def test_adjacent_segments_are_read_in_one_range(tmp_path: Path) -> None:
    a = segmented(tmp_path / "a", BASE)
    reads = Ranges(a.root)
    data = read_segments("data/measures.csv", a.segments["measures"], {"1", "2", "5"}, reads)
    assert len(reads.reads) == 3  # header, 1+2 together, 5
    text = data.decode()
    assert text.startswith("\"measure_id\"") and "2a-m4" in text and "5a-m2" in text and "3a" not in text


def test_manifest_keeps_segments_and_old_manifests_have_none(tmp_path: Path) -> None:
    a = segmented(tmp_path / "a", BASE)
    target = str(tmp_path / "public")
    publish(a, target, meta=make_meta(), now=T0)
    from govpub.publish.local import LocalStorage

    m = read_manifest(LocalStorage(target), NAME, "1.0.0")
    assert m is not None and m.segments == a.segments
    raw = json.loads(m.to_bytes())
    assert raw["segments"]["measures"][0] == list(a.segments["measures"][0].__dict__.values())
    del raw["segments"]
    old = Manifest.from_bytes(json.dumps(raw).encode(), source="old")
    assert old.segments == {} and "segments" not in json.loads(old.to_bytes())


def test_wrong_segments_are_refused(tmp_path: Path) -> None:
    from dataclasses import replace

    a = segmented(tmp_path / "a", BASE)
    segs = a.segments["measures"]
    bad = replace(a, segments={"measures": (*segs[:-1], Segment(segs[-1].prefix, segs[-1].offset,
                                                                 segs[-1].length - 1, 1, "0" * 64))})
    with pytest.raises(TerminalError, match="end at byte"):
        publish(bad, str(tmp_path / "public"), meta=make_meta(), now=T0)


def test_publish_diffs_by_segment_on_both_backends(backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = make_package(tmp_path / "p", measure_rows=rows(BASE))
    a = segmented(tmp_path / "a", {**BASE, "2a": 5})
    b = segmented(tmp_path / "b", {**BASE, "2a": 5}, edits={"7a-m1": "改了"})
    kw = {"meta": make_meta(), "s3_endpoint_url": backend.endpoint_url}
    publish(plain, backend.target, now=T0, **kw)  # type: ignore[arg-type]
    publish(a, backend.target, now=T1, **kw)  # type: ignore[arg-type]  # previous has no segments: whole diff
    storage = storage_for(backend)
    ranges: list[tuple[str, int, int]] = []
    cls = type(storage)
    real = cls.get_range

    def counting(self: Any, key: str, start: int, length: int) -> bytes:
        ranges.append((key, start, length))
        return real(self, key, start, length)  # type: ignore[no-any-return]

    monkeypatch.setattr(cls, "get_range", counting)
    publish(b, backend.target, now=T2, **kw)  # type: ignore[arg-type]
    monkeypatch.undo()
    assert ranges and all(k == f"{NAME}/1.1.0/data/measures.csv" for k, _, _ in ranges)
    seven = next(s for s in a.segments["measures"] if s.prefix == "7")
    assert sum(n for _, _, n in ranges) == seven.offset + seven.length - (seven.offset - a.segments["measures"][0].offset)
    changes = json.loads(storage.get(f"{NAME}/1.2.0/changes.json").data)  # type: ignore[union-attr]
    full = diff_releases("1.2.0", b.descriptor, _loader(b.root), "1.1.0", a.descriptor, _loader(a.root))
    assert changes["tables"] == full.to_json()["tables"]
    assert changes["tables"]["measures"] == {"added": 0, "removed": 0, "changed": 1}
    assert assert_consistent(storage, NAME) == ["1.2.0", "1.1.0", "1.0.0"]
