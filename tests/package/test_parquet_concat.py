"""concat_parquet: Parquet parts in, one file out that every reader sees as the parts' rows, in order."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from parquet_parts import cjk_text, footer, govpub_table, rewrite_footer, write_govpub_part

from govpub.package.parquet_concat import BLOCK, ConcatResult, concat_parquet
from govpub.package.parquet_out import TABLE_SCHEMA_KEY
from govpub.package.schemas import TABLE_NAMES, canonical_json, load_schemas
from govpub.package.thrift_compact import BINARY, I64, Field, ThriftList, ThriftStruct, decode_struct

# Field ids from parquet.thrift, for the checks that read the output's own structures.
ROW_GROUPS, RG_COLUMNS, RG_ORDINAL = 4, 1, 7
CC_META, CC_OI_OFFSET, CC_OI_LENGTH, CC_CI_OFFSET, CC_CI_LENGTH = 3, 4, 5, 6, 7
MD_TOTAL_COMPRESSED, MD_DATA_PAGE, MD_DICT_PAGE, MD_BLOOM, MD_BLOOM_LENGTH = 7, 9, 11, 14, 15


def concat(parts: list[Path], out: Path) -> tuple[ConcatResult, list[bytes]]:
    chunks: list[bytes] = []
    result = concat_parquet(parts, chunks.append)
    out.write_bytes(b"".join(chunks))
    return result, chunks


def simple_table(rows: int, start: int = 0, nulls: bool = True) -> pa.Table:
    """A table of every column type the package writes, with nulls in the optional columns."""
    def maybe(values: list[Any]) -> list[Any]:
        return [None if nulls and (start + i) % 4 == 1 else v for i, v in enumerate(values)]
    ids = range(start, start + rows)
    return pa.table({
        "id": pa.array([f"{i:016x}" for i in ids], pa.string()),
        "kind": pa.array([["整改", "完成", "推进"][i % 3] for i in ids], pa.string()),
        "n": pa.array(maybe(list(ids)), pa.int64()),
        "x": pa.array(maybe([i / 7 for i in ids]), pa.float64()),
        "d": pa.array(maybe([dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in ids]), pa.date32()),
        "text": pa.array(maybe(["关于巡察整改进展情况的通报" * (1 + i % 30) for i in ids]), pa.string()),
    }, schema=pa.schema([("id", pa.string(), False), ("kind", pa.string(), False), ("n", pa.int64()),
                         ("x", pa.float64()), ("d", pa.date32()), ("text", pa.string())],
                        metadata={TABLE_SCHEMA_KEY: b'{"fields":[]}'}))


def write_parts(tmp_path: Path, tables: list[pa.Table], **settings: Any) -> list[Path]:
    paths = []
    for i, t in enumerate(tables):
        path = tmp_path / f"part-{i:04d}.parquet"
        pq.write_table(t, path, **settings)
        paths.append(path)
    return paths


def _stats(column: Any) -> tuple[Any, ...]:
    s = column.statistics
    if s is None:
        return (None,)
    return (s.has_min_max, s.min if s.has_min_max else None, s.max if s.has_min_max else None,
            s.null_count, s.has_null_count, s.num_values)


def assert_same_as_parts(out: Path, parts: list[Path], result: ConcatResult) -> None:
    """Every reader sees the output as the parts' rows in order, and its metadata as theirs."""
    tables = [pq.read_table(p) for p in parts]
    expected = pa.concat_tables(tables)
    got = pq.read_table(out)
    assert got.schema.equals(expected.schema, check_metadata=True)  # types, nullability, key-value metadata
    assert got.equals(expected)

    meta = pq.ParquetFile(out).metadata
    part_metas = [pq.ParquetFile(p).metadata for p in parts]
    assert meta.num_rows == result.rows == expected.num_rows
    assert meta.num_row_groups == result.row_groups == sum(m.num_row_groups for m in part_metas)
    assert result.bytes == out.stat().st_size
    assert meta.created_by == part_metas[0].created_by
    assert meta.metadata == part_metas[0].metadata

    out_file = pq.ParquetFile(out)
    i = 0
    for part, m in zip(parts, part_metas, strict=True):
        part_file = pq.ParquetFile(part)
        for j in range(m.num_row_groups):
            assert meta.row_group(i).num_rows == m.row_group(j).num_rows
            for c in range(m.num_columns):
                got_col, want_col = meta.row_group(i).column(c), m.row_group(j).column(c)
                assert _stats(got_col) == _stats(want_col)
                assert got_col.encodings == want_col.encodings
                assert got_col.total_compressed_size == want_col.total_compressed_size
                assert got_col.has_dictionary_page == want_col.has_dictionary_page
            assert out_file.read_row_group(i).equals(part_file.read_row_group(j))
            i += 1

    batches = list(out_file.iter_batches(batch_size=37))
    assert pa.Table.from_batches(batches, schema=got.schema).equals(expected)

    rows = duckdb.sql(f"SELECT * FROM read_parquet('{out}')").fetchall()
    assert rows == [tuple(r.values()) for r in expected.to_pylist()]

    pd.testing.assert_frame_equal(pd.read_parquet(out),
                                  pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True))


def assert_pages_copied(out: Path, parts: list[Path]) -> None:
    """Each column chunk's bytes (and bloom filter, column index) in the output are the part's,
    and every moved offset index points at the same pages in their new places."""
    data = out.read_bytes()
    out_groups = footer(data)[0].get(ROW_GROUPS).items  # type: ignore[union-attr]
    i = 0
    for part in parts:
        part_data = part.read_bytes()
        for rg in footer(part_data)[0].get(ROW_GROUPS).items:  # type: ignore[union-attr]
            for cc, new_cc in zip(rg.get(RG_COLUMNS).items, out_groups[i].get(RG_COLUMNS).items, strict=True):
                md, new_md = cc.get(CC_META), new_cc.get(CC_META)
                start = md.get(MD_DICT_PAGE) or md.get(MD_DATA_PAGE)
                new_start = new_md.get(MD_DICT_PAGE) or new_md.get(MD_DATA_PAGE)
                size = md.get(MD_TOTAL_COMPRESSED)
                assert data[new_start:new_start + size] == part_data[start:start + size]
                shift = new_start - start
                assert new_md.get(MD_DATA_PAGE) == (md.get(MD_DATA_PAGE) and md.get(MD_DATA_PAGE) + shift)
                if md.has(MD_BLOOM):
                    n = md.get(MD_BLOOM_LENGTH)
                    assert data[new_md.get(MD_BLOOM):][:n] == part_data[md.get(MD_BLOOM):][:n]
                if cc.has(CC_CI_OFFSET):
                    n = cc.get(CC_CI_LENGTH)
                    assert new_cc.get(CC_CI_LENGTH) == n
                    assert data[new_cc.get(CC_CI_OFFSET):][:n] == part_data[cc.get(CC_CI_OFFSET):][:n]
                if cc.has(CC_OI_OFFSET):
                    _check_offset_index(data, new_cc, part_data, cc, shift)
            i += 1
    assert i == len(out_groups)


def _check_offset_index(data: bytes, new_cc: ThriftStruct, part_data: bytes, cc: ThriftStruct, shift: int) -> None:
    old, _ = decode_struct(part_data, cc.get(CC_OI_OFFSET), cc.get(CC_OI_OFFSET) + cc.get(CC_OI_LENGTH))
    start, length = new_cc.get(CC_OI_OFFSET), new_cc.get(CC_OI_LENGTH)
    new, end = decode_struct(data, start, start + length)
    assert end == start + length
    old_locs, new_locs = old.get(1).items, new.get(1).items
    assert len(new_locs) == len(old_locs) > 0
    for o, n in zip(old_locs, new_locs, strict=True):
        assert n.get(1) == o.get(1) + shift  # offset moved with the chunk
        assert n.without(1) == o.without(1)  # size and first row index unchanged
        header, header_end = decode_struct(data, n.get(1))  # a real PageHeader is there
        assert header_end - n.get(1) + header.get(3) == n.get(2)


# ---------------------------------------------------------------- govpub's own tables


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_govpub_tables_concatenate(tmp_path: Path, table: str) -> None:
    parts = [write_govpub_part(tmp_path / f"{table}-{i}.parquet", table, govpub_table(table, rows, seed=i))
             for i, rows in enumerate([40, 0, 25, 1])]
    out = tmp_path / "out.parquet"
    result, _ = concat(parts, out)
    assert_same_as_parts(out, parts, result)
    assert_pages_copied(out, parts)
    assert pq.read_schema(out).metadata[TABLE_SCHEMA_KEY] == canonical_json(load_schemas()[table])


def test_dictionary_encoded_columns_stay_dictionary_encoded(tmp_path: Path) -> None:
    parts = [write_govpub_part(tmp_path / f"dates-{i}.parquet", "dates", govpub_table("dates", 50, seed=i))
             for i in range(3)]
    out = tmp_path / "out.parquet"
    result, _ = concat(parts, out)
    assert_same_as_parts(out, parts, result)
    meta = pq.ParquetFile(out).metadata
    names = [meta.schema.column(c).name for c in range(meta.num_columns)]
    for rg in range(meta.num_row_groups):
        for name in ("report_id", "precision", "role"):  # the enum and foreign-key columns
            column = meta.row_group(rg).column(names.index(name))
            assert column.has_dictionary_page and "RLE_DICTIONARY" in column.encodings
        assert not meta.row_group(rg).column(names.index("text")).has_dictionary_page
    got = pq.read_table(out, read_dictionary=["role"])
    assert pa.types.is_dictionary(got.schema.field("role").type)
    assert got.column("role").to_pylist() == pa.concat_tables(pq.read_table(p) for p in parts).column("role").to_pylist()


def test_parts_of_several_row_groups(tmp_path: Path) -> None:
    parts = [
        write_govpub_part(tmp_path / "a.parquet", "sections", govpub_table("sections", 100, seed=1), row_group_rows=30),
        write_govpub_part(tmp_path / "b.parquet", "sections", govpub_table("sections", 7, seed=2)),
        write_govpub_part(tmp_path / "c.parquet", "sections", govpub_table("sections", 61, seed=3), row_group_rows=20),
    ]
    assert [pq.ParquetFile(p).metadata.num_row_groups for p in parts] == [4, 1, 4]
    out = tmp_path / "out.parquet"
    result, _ = concat(parts, out)
    assert (result.rows, result.row_groups) == (168, 9)
    assert_same_as_parts(out, parts, result)
    assert_pages_copied(out, parts)


@pytest.mark.parametrize("empty_at", [[0], [1], [2], [0, 2], [0, 1, 2]], ids=["first", "middle", "last", "ends", "all"])
def test_zero_row_parts(tmp_path: Path, empty_at: list[int]) -> None:
    tables = [simple_table(0 if i in empty_at else 20, start=20 * i) for i in range(3)]
    parts = write_parts(tmp_path, tables, compression="zstd", use_dictionary=["kind"])
    out = tmp_path / "out.parquet"
    result, _ = concat(parts, out)
    assert result.rows == sum(t.num_rows for t in tables)
    assert_same_as_parts(out, parts, result)


def test_parts_without_row_groups(tmp_path: Path) -> None:
    # A ParquetWriter closed before any write leaves a file with no row groups at all.
    schema = simple_table(0).schema
    empty = []
    for name in ("first", "last"):
        path = tmp_path / f"{name}.parquet"
        pq.ParquetWriter(str(path), schema, compression="zstd").close()
        assert pq.ParquetFile(path).metadata.num_row_groups == 0
        empty.append(path)
    middle = write_parts(tmp_path, [simple_table(12)], compression="zstd")
    parts = [empty[0], *middle, empty[1]]
    out = tmp_path / "out.parquet"
    result, _ = concat(parts, out)
    assert (result.rows, result.row_groups) == (12, 1)
    assert_same_as_parts(out, parts, result)
    result, _ = concat(empty, out)
    assert (result.rows, result.row_groups) == (0, 0)
    assert pq.read_table(out).equals(schema.empty_table())


def test_300_tiny_parts(tmp_path: Path) -> None:
    tables = [simple_table(i % 4, start=i * 4) for i in range(300)]
    parts = write_parts(tmp_path, tables, compression="zstd", use_dictionary=["kind"])
    out = tmp_path / "out.parquet"
    result, _ = concat(parts, out)
    assert result.rows == sum(i % 4 for i in range(300))
    assert result.row_groups == sum(pq.ParquetFile(p).metadata.num_row_groups for p in parts)
    assert pq.read_table(out).equals(pa.concat_tables(tables))
    assert duckdb.sql(f"SELECT count(*), sum(n) FROM read_parquet('{out}')").fetchall() == [(
        result.rows, sum(v for t in tables for v in t.column("n").to_pylist() if v is not None))]
    assert_pages_copied(out, parts)


def test_long_cjk_strings_stream_in_blocks(tmp_path: Path) -> None:
    rng = random.Random(7)
    schema = pa.schema([("id", pa.int64(), False), ("body", pa.string())])
    tables = [pa.table({"id": list(range(i * 30, i * 30 + 30)),
                        "body": [cjk_text(rng, rng.randrange(20_000, 60_000)) for _ in range(30)]}, schema=schema)
              for i in range(2)]
    # Uncompressed and without dictionary, so the part is several MiB and must be copied block by block.
    parts = write_parts(tmp_path, tables, compression="none", use_dictionary=False)
    assert parts[0].stat().st_size > 3 * BLOCK
    out = tmp_path / "out.parquet"
    result, chunks = concat(parts, out)
    assert max(len(c) for c in chunks) <= BLOCK
    assert_same_as_parts(out, parts, result)
    assert pq.read_table(out).column("body").to_pylist() == [s for t in tables for s in t.column("body").to_pylist()]


def test_chunks_hash_to_the_file(tmp_path: Path) -> None:
    parts = write_parts(tmp_path, [simple_table(10, 0), simple_table(10, 10)])
    digest = hashlib.sha256()
    result = concat_parquet(parts, digest.update)
    out = tmp_path / "out.parquet"
    again, _ = concat(parts, out)
    assert result == again
    assert digest.hexdigest() == hashlib.sha256(out.read_bytes()).hexdigest()


# ---------------------------------------------------------------- writer settings


SETTINGS: dict[str, dict[str, Any]] = {
    "govpub writer": dict(compression="zstd", use_dictionary=["kind"], write_statistics=True),
    "page index": dict(compression="zstd", write_page_index=True, data_page_size=512),
    "plain": dict(compression="none", use_dictionary=False),
    "snappy": dict(compression="snappy"),
    "no statistics": dict(write_statistics=False),
    "bloom filter": dict(bloom_filter_options={"id": {"ndv": 100}, "text": {"ndv": 100}}),
    "checksums and sorting": dict(write_page_checksum=True, sorting_columns=[pq.SortingColumn(0)]),
    "data page v2": dict(data_page_version="2.0", write_page_index=True),
    "small row groups": dict(row_group_size=7, write_page_index=True, data_page_size=256),
}


@pytest.mark.parametrize("settings", SETTINGS.values(), ids=SETTINGS.keys())
def test_writer_settings(tmp_path: Path, settings: dict[str, Any]) -> None:
    parts = write_parts(tmp_path, [simple_table(n, start) for n, start in [(50, 0), (0, 50), (33, 50), (90, 83)]],
                        **settings)
    out = tmp_path / "out.parquet"
    result, _ = concat(parts, out)
    assert_same_as_parts(out, parts, result)
    assert_pages_copied(out, parts)
    # Readers skip row groups and pages by their statistics and page index: a filter only finds
    # the right rows if those point at the right bytes.
    expected = pa.concat_tables(pq.read_table(p) for p in parts)
    for low, high in [(10, 20), (60, 70), (100, 173), (170, 1000)]:
        want = [r for r in expected.to_pylist() if r["n"] is not None and low <= r["n"] < high]
        got = pq.read_table(out, filters=[("n", ">=", low), ("n", "<", high)]).to_pylist()
        assert got == want
        rows = duckdb.sql(f"SELECT id, n FROM read_parquet('{out}') WHERE n >= {low} AND n < {high}").fetchall()
        assert rows == [(r["id"], r["n"]) for r in want]


@pytest.mark.parametrize("settings", SETTINGS.values(), ids=SETTINGS.keys())
def test_one_part_comes_out_byte_for_byte(tmp_path: Path, settings: dict[str, Any]) -> None:
    # Offsets shift by 0 and the codec re-encodes pyarrow's footer exactly: the same file.
    [part] = write_parts(tmp_path, [simple_table(120)], **settings)
    out = tmp_path / "out.parquet"
    concat([part], out)
    assert out.read_bytes() == part.read_bytes()


def _offset_index_bytes(path: Path) -> int:
    groups = footer(path.read_bytes())[0].get(ROW_GROUPS).items  # type: ignore[union-attr]
    return sum(cc.get(CC_OI_LENGTH) for rg in groups for cc in rg.get(RG_COLUMNS).items)


def test_page_index_past_varint_boundaries(tmp_path: Path) -> None:
    # The middle part's page offsets cross 2**20 (where a zigzag varint gets a byte longer) once
    # moved, so its offset indexes grow, and the part after it must move further than the plain shift.
    rng = random.Random(3)
    schema = pa.schema([("id", pa.int64(), False), ("body", pa.string())])
    tables = [pa.table({"id": list(range(n)), "body": [cjk_text(rng, 300) for _ in range(n)]}, schema=schema)
              for n in (5, 3000, 5)]
    parts = write_parts(tmp_path, tables, compression="none", use_dictionary=False,
                        write_page_index=True, data_page_size=1024, row_group_size=1000)
    out = tmp_path / "out.parquet"
    result, _ = concat(parts, out)
    assert _offset_index_bytes(out) > sum(_offset_index_bytes(p) for p in parts)
    assert_same_as_parts(out, parts, result)
    assert_pages_copied(out, parts)


def test_ordinals_are_renumbered(tmp_path: Path) -> None:
    parts = write_parts(tmp_path, [simple_table(30, 0), simple_table(30, 30)], row_group_size=10)

    def with_ordinals(meta: ThriftStruct) -> ThriftStruct:
        groups = meta.get(ROW_GROUPS)
        assert isinstance(groups, ThriftList)
        numbered = tuple(ThriftStruct((*rg.fields, Field(RG_ORDINAL, 4, k)))  # type: ignore[union-attr]
                         for k, rg in enumerate(groups.items))
        return meta.replace(ROW_GROUPS, ThriftList(groups.elem_type, numbered))

    for p in parts:
        rewrite_footer(p, with_ordinals)
    out = tmp_path / "out.parquet"
    result, _ = concat(parts, out)
    ordinals = [rg.get(RG_ORDINAL) for rg in footer(out.read_bytes())[0].get(ROW_GROUPS).items]  # type: ignore[union-attr]
    assert ordinals == list(range(6))
    assert_same_as_parts(out, parts, result)


def test_random_tables_with_a_fixed_seed(tmp_path: Path) -> None:
    rng = random.Random(20261127)
    makers = {
        "int64": (pa.int64(), lambda: rng.randrange(-(1 << 62), 1 << 62)),
        "float64": (pa.float64(), lambda: rng.choice([rng.gauss(0, 1e9), 0.0, -0.0, float("inf")])),
        "date32": (pa.date32(), lambda: dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(-5000, 30000))),
        "string": (pa.string(), lambda: cjk_text(rng, rng.randrange(0, 200))),
        "enum": (pa.string(), lambda: rng.choice(["通报", "报告", "公告"])),
        "bool": (pa.bool_(), lambda: rng.random() < 0.5),
    }
    for case in range(12):
        kinds = [rng.choice(list(makers)) for _ in range(rng.randrange(1, 7))]
        nullable = [rng.random() < 0.6 for _ in kinds]
        schema = pa.schema([pa.field(f"c{i}_{k}", makers[k][0], nullable=n)
                            for i, (k, n) in enumerate(zip(kinds, nullable, strict=True))],
                           metadata={TABLE_SCHEMA_KEY: f'{{"case":{case}}}'.encode()})
        settings = dict(compression=rng.choice(["zstd", "snappy", "none"]),
                        use_dictionary=rng.choice([True, False, [f.name for f in schema if "enum" in f.name]]),
                        write_page_index=rng.random() < 0.5, row_group_size=rng.choice([5, 50, 1000]),
                        data_page_size=rng.choice([128, 1 << 20]))
        tables = []
        for _ in range(rng.randrange(1, 7)):
            rows = rng.choice([0, 1, rng.randrange(2, 300)])
            columns = [[None if n and rng.random() < 0.25 else makers[k][1]() for _ in range(rows)]
                       for k, n in zip(kinds, nullable, strict=True)]
            tables.append(pa.table(columns, schema=schema))
        folder = tmp_path / f"case{case}"
        folder.mkdir()
        parts = write_parts(folder, tables, **settings)
        out = folder / "out.parquet"
        result, _ = concat(parts, out)
        assert pq.read_table(out).equals(pa.concat_tables(tables)), (case, kinds, settings)
        assert result.rows == sum(t.num_rows for t in tables)
        assert_pages_copied(out, parts)


# ---------------------------------------------------------------- refusals


def _never(chunk: bytes) -> None:
    raise AssertionError("nothing may be written when a part is refused")


def test_no_parts_is_refused() -> None:
    with pytest.raises(ValueError, match="no parts"):
        concat_parquet([], _never)


@pytest.mark.parametrize("other", [
    pa.schema([("id", pa.string(), False), ("n", pa.int32())]),
    pa.schema([("id", pa.string(), False), ("m", pa.int64())]),
    pa.schema([("id", pa.string(), True), ("n", pa.int64())]),
    pa.schema([("n", pa.int64()), ("id", pa.string(), False)]),
    pa.schema([("id", pa.string(), False), ("n", pa.int64()), ("extra", pa.string())]),
], ids=["type", "name", "nullability", "order", "extra column"])
def test_a_different_schema_is_refused(tmp_path: Path, other: pa.Schema) -> None:
    base = pa.schema([("id", pa.string(), False), ("n", pa.int64())])
    parts = write_parts(tmp_path, [base.empty_table(), other.empty_table()])
    with pytest.raises(ValueError, match=f"{parts[1].name}.*(schema|key-value) .*differs"):
        concat_parquet(parts, _never)


def test_different_key_value_metadata_is_refused(tmp_path: Path) -> None:
    a = simple_table(3)
    b = a.replace_schema_metadata({TABLE_SCHEMA_KEY: b'{"fields":["changed"]}'})
    parts = write_parts(tmp_path, [a, a, b])
    with pytest.raises(ValueError, match=f"{parts[2].name}: key-value metadata differs"):
        concat_parquet(parts, _never)


@pytest.mark.parametrize("damage", ["cut tail", "cut in the footer", "cut to 10 bytes", "empty", "not parquet",
                                    "bad start", "huge footer length", "garbage footer", "encrypted footer"])
def test_damaged_parts_are_refused(tmp_path: Path, damage: str) -> None:
    parts = write_parts(tmp_path, [simple_table(20), simple_table(20, 20)])
    data = parts[1].read_bytes()
    length = int.from_bytes(data[-8:-4], "little")
    damaged = {
        "cut tail": data[:-3],
        "cut in the footer": data[:-8 - length // 2],
        "cut to 10 bytes": data[:10],
        "empty": b"",
        "not parquet": "这不是Parquet文件\n".encode() * 10,
        "bad start": b"PAR0" + data[4:],
        "huge footer length": data[:-8] + (len(data)).to_bytes(4, "little") + b"PAR1",
        "garbage footer": data[:-8 - length] + b"\x1e" * length + data[-8:],
        "encrypted footer": data[:-4] + b"PARE",
    }[damage]
    parts[1].write_bytes(damaged)
    with pytest.raises(ValueError, match=f"parquet part {parts[1]}"):
        concat_parquet(parts, _never)


def test_a_missing_part_is_refused(tmp_path: Path) -> None:
    parts = write_parts(tmp_path, [simple_table(2)])
    with pytest.raises(ValueError, match="nope.parquet: cannot be read"):
        concat_parquet([parts[0], tmp_path / "nope.parquet"], _never)


def _first_column(meta: ThriftStruct, change: Any) -> ThriftStruct:
    groups = meta.get(ROW_GROUPS)
    rg = groups.items[0]  # type: ignore[union-attr]
    columns = rg.get(RG_COLUMNS)
    new_rg = rg.replace(RG_COLUMNS, ThriftList(columns.elem_type, (change(columns.items[0]), *columns.items[1:])))
    return meta.replace(ROW_GROUPS, ThriftList(groups.elem_type, (new_rg, *groups.items[1:])))  # type: ignore[union-attr]


def _encrypted_footer(m: ThriftStruct) -> ThriftStruct:
    return ThriftStruct((*m.fields, Field(8, 12, ThriftStruct(()))))  # FileMetaData.encryption_algorithm


def _column_elsewhere(cc: ThriftStruct) -> ThriftStruct:
    return ThriftStruct((Field(1, BINARY, b"../other.parquet"), *cc.fields))  # ColumnChunk.file_path


def _encrypted_column(cc: ThriftStruct) -> ThriftStruct:
    return ThriftStruct((*cc.fields, Field(8, 12, ThriftStruct(()))))  # ColumnChunk.crypto_metadata


def _meta_field(field_id: int, value: int) -> Any:
    def change(cc: ThriftStruct) -> ThriftStruct:
        md = cc.get(CC_META)
        assert isinstance(md, ThriftStruct)
        return cc.replace(CC_META, md.replace(field_id, value))
    return change


FOOTER_DAMAGE: dict[str, tuple[Any, str]] = {
    "encrypted plaintext footer": (_encrypted_footer, "encrypted"),
    "column in another file": (lambda m: _first_column(m, _column_elsewhere), "another file"),
    "encrypted column": (lambda m: _first_column(m, _encrypted_column), "encrypted column"),
    "data offset past the end": (lambda m: _first_column(m, _meta_field(MD_DATA_PAGE, 1 << 40)), "outside its column chunk"),
    "chunk size past the end": (lambda m: _first_column(m, _meta_field(MD_TOTAL_COMPRESSED, 1 << 40)),
                                "outside the data"),
    "row count": (lambda m: m.replace(3, 999), "footer says 999"),
    "no row groups": (lambda m: m.without(4), "no row group list"),
    "row count not a number": (lambda m: ThriftStruct(tuple(Field(3, BINARY, b"x") if f.id == 3 else f
                                                            for f in m.fields)), "not an integer"),
}


@pytest.mark.parametrize(("change", "message"), FOOTER_DAMAGE.values(), ids=FOOTER_DAMAGE.keys())
def test_footers_we_cannot_honour_are_refused(tmp_path: Path, change: Any, message: str) -> None:
    parts = write_parts(tmp_path, [simple_table(5), simple_table(5, 5)])
    rewrite_footer(parts[1], change)
    with pytest.raises(ValueError, match=message):
        concat_parquet(parts, _never)


def test_an_offset_index_pointing_after_itself_is_refused(tmp_path: Path) -> None:
    parts = write_parts(tmp_path, [simple_table(5), simple_table(5, 5)], write_page_index=True)

    def late(cc: ThriftStruct) -> ThriftStruct:
        return cc.replace(CC_OI_OFFSET, 4)  # claims the offset index is the first bytes of the file

    rewrite_footer(parts[1], lambda m: _first_column(m, late))
    with pytest.raises(ValueError, match=f"{parts[1].name}: offset index"):
        concat_parquet(parts, _never)


def test_kv_metadata_value_types_are_kept(tmp_path: Path) -> None:
    # The footer is the first part's, field for field: a key with no value stays without one.
    parts = write_parts(tmp_path, [simple_table(3), simple_table(3, 3)])

    def add_key(meta: ThriftStruct) -> ThriftStruct:
        kv = meta.get(5)
        assert isinstance(kv, ThriftList)
        return meta.replace(5, ThriftList(kv.elem_type, (*kv.items, ThriftStruct((Field(1, BINARY, b"bare"),)))))

    for p in parts:
        rewrite_footer(p, add_key)
    out = tmp_path / "out.parquet"
    concat(parts, out)
    kv = footer(out.read_bytes())[0].get(5)
    assert isinstance(kv, ThriftList) and kv.items[-1] == ThriftStruct((Field(1, BINARY, b"bare"),))
    assert pq.read_table(out).num_rows == 6
    assert I64 == 6  # the compact type of every offset we move


def test_random_damage_is_a_value_error_or_a_copy(tmp_path: Path) -> None:
    # Bytes flipped at random in a part (mostly in its footer and page index): concat_parquet
    # either copies it (damage inside pages or statistics is not ours to see) or refuses it with a
    # ValueError; never another exception, never a hang.
    good = write_parts(tmp_path, [simple_table(30)], write_page_index=True, row_group_size=10,
                       data_page_size=200, bloom_filter_options={"id": {"ndv": 10}})[0]
    data = good.read_bytes()
    footer_start = len(data) - 8 - int.from_bytes(data[-8:-4], "little")
    bad = tmp_path / "bad.parquet"
    rng = random.Random(1)
    outcomes = {"copied": 0, "refused": 0}
    for _ in range(200):
        damaged = bytearray(data)
        low = rng.choice([footer_start, footer_start - 400, 0])
        for _ in range(rng.randrange(1, 4)):
            damaged[rng.randrange(low, len(data) - 8)] = rng.randrange(256)
        bad.write_bytes(bytes(damaged))
        try:
            concat_parquet([good, bad, good], lambda chunk: None)
            outcomes["copied"] += 1
        except ValueError as e:
            assert str(bad) in str(e)
            outcomes["refused"] += 1
    assert outcomes["copied"] > 0 and outcomes["refused"] > 0
