"""The streaming package writer: fragments on disk in, byte for byte what build_package writes out."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sample_records import CREATED, META, REJECTED, many_reports, report_records, two_reports

from govpub.package import assemble, build, build_package, segment_build, stream
from govpub.package.fragments import DocFragment, FragmentSet, raw_tables, required_with_nulls, write_batch
from govpub.records import TABLES, Records


def _fragments(root: Path, parts: list[Records], per_batch: int = 2) -> FragmentSet:
    """Per-document fragments as the extraction workers write them, in batches."""
    docs: list[DocFragment] = []
    nulls: set[tuple[str, str]] = set()
    for batch, start in enumerate(range(0, len(parts), per_batch)):
        tables = [raw_tables(p) for p in parts[start:start + per_batch]]
        write_batch(root, batch, tables)
        for slot, t in enumerate(tables):
            rid = t["reports"].column("report_id")[0].as_py()
            docs.append(DocFragment(start + slot, rid, batch, slot, {n: t[n].num_rows for n in TABLES}))
            nulls |= {(n, c) for n in TABLES for c in required_with_nulls(n, t[n])}
    return FragmentSet.of(root, docs, frozenset(nulls))


def _same_files(a: Path, b: Path, *, skip: tuple[str, ...] = ()) -> None:
    names_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    names_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert names_a == names_b
    differ = [n for n in names_a if n not in skip and (a / n).read_bytes() != (b / n).read_bytes()]
    assert differ == []


def _tricky() -> list[Records]:
    """Documents whose cells need quoting, neutralising, nulls, NaN and a required column left empty."""
    first = report_records("https://example.gov.cn/notice/b.html")
    sec = first.sections
    odd = (dataclasses.replace(sec[0], body='第一行,含逗号\r\n第二行 "引号"', heading="=HYPERLINK(\"x\")"),
           dataclasses.replace(sec[1], heading="-2", body="+1 @SUM(A1)\t"), *sec[2:])
    figs = (dataclasses.replace(first.figures[0], value=float("nan"), context="\t=1"),
            dataclasses.replace(first.figures[1], value=float("inf")),
            dataclasses.replace(first.figures[2], value=-0.1, unit=""))
    second = report_records("reports/a-local-file.txt", title=None)
    bad_date = (dataclasses.replace(second.dates[0], start="2024-02-30"), *second.dates[1:])
    return [dataclasses.replace(first, sections=odd, figures=figs), dataclasses.replace(second, dates=bad_date),
            report_records("https://example.gov.cn/notice/a.html")]


def test_streaming_package_equals_build_package_byte_for_byte(tmp_path: Path) -> None:
    parts = _tricky()
    legacy = build_package(Records.merge(parts), META, tmp_path / "a", created=CREATED, rejected=REJECTED)
    streamed = stream.build_package_streaming(_fragments(tmp_path / "frag", parts), META, tmp_path / "b",
                                              created=CREATED, rejected=REJECTED)
    _same_files(tmp_path / "a", tmp_path / "b")
    assert (streamed.content_hash, streamed.row_counts, streamed.files) == \
        (legacy.content_hash, legacy.row_counts, tuple(dataclasses.replace(f) for f in legacy.files))
    assert (tmp_path / "b/excel").joinpath(f"{META.name}.xlsx").is_file()


def test_a_document_order_independent_of_batches(tmp_path: Path) -> None:
    parts = [report_records(f"https://example.gov.cn/notice/{i:03d}.html") for i in range(7)]
    one = stream.build_package_streaming(_fragments(tmp_path / "f1", parts, per_batch=7), META, tmp_path / "a",
                                         created=CREATED)
    many = stream.build_package_streaming(_fragments(tmp_path / "f2", parts[::-1], per_batch=2), META,
                                          tmp_path / "b", created=CREATED)
    assert one.content_hash == many.content_hash
    _same_files(tmp_path / "a", tmp_path / "b")


def test_many_chunks_and_row_groups_keep_the_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past a chunk and a row group the CSVs stay byte-equal; Parquet holds the same rows in more groups."""
    parts = [report_records(f"https://example.gov.cn/notice/{i:06d}.html") for i in range(40)]
    chunks = FragmentSet.chunks
    monkeypatch.setattr(FragmentSet, "chunks", lambda self, table: chunks(self, table, max_rows=7))
    monkeypatch.setattr(stream, "ROW_GROUP_ROWS", 25)
    for module in (build, assemble, segment_build):  # the large-package path: no workbook
        monkeypatch.setattr(module, "WORKBOOK_MAX_CELLS", 10)
    legacy = build_package(many_reports(40), META, tmp_path / "a", created=CREATED)
    streamed = stream.build_package_streaming(_fragments(tmp_path / "frag", parts, per_batch=9), META,
                                              tmp_path / "b", created=CREATED)
    assert streamed.content_hash == legacy.content_hash
    assert not any((tmp_path / "b/excel").glob("*.xlsx"))
    for table in TABLES:
        assert (tmp_path / f"b/data/{table}.csv").read_bytes() == (tmp_path / f"a/data/{table}.csv").read_bytes()
        assert (tmp_path / f"b/excel/{table}.csv").read_bytes() == (tmp_path / f"a/excel/{table}.csv").read_bytes()
        got, want = pq.read_table(tmp_path / f"b/data/{table}.parquet"), pq.read_table(tmp_path / f"a/data/{table}.parquet")
        assert got.equals(want) and got.schema.metadata == want.schema.metadata
    assert pq.ParquetFile(tmp_path / "b/data/sections.parquet").metadata.num_row_groups == -(-240 // 25)


def test_an_empty_run_streams_a_valid_empty_package(tmp_path: Path) -> None:
    legacy = build_package(Records(), META, tmp_path / "a", created=CREATED, rejected=REJECTED)
    streamed = stream.build_package_streaming(FragmentSet.of(tmp_path / "none", []), META, tmp_path / "b",
                                              created=CREATED, rejected=REJECTED)
    assert streamed.content_hash == legacy.content_hash
    _same_files(tmp_path / "a", tmp_path / "b")


def test_two_reports_sample_streams_identically(tmp_path: Path) -> None:
    records = two_reports()
    parts = [Records(**{t: tuple(r for r in records.table(t) if r.report_id == rid) for t in TABLES})  # type: ignore[attr-defined]
             for rid in (rep.report_id for rep in records.reports)]
    build_package(records, META, tmp_path / "a", created=CREATED, rejected=REJECTED)
    stream.build_package_streaming(_fragments(tmp_path / "frag", parts), META, tmp_path / "b", created=CREATED,
                                   rejected=REJECTED)
    _same_files(tmp_path / "a", tmp_path / "b")
