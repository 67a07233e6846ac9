"""pandas, pyarrow and duckdb read every resource with the declared types."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from govpub.package import Package
from govpub.package.schemas import TABLE_NAMES, load_schemas

ARROW = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}
DUCKDB = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "date": "DATE"}


def _fields(table: str) -> list[tuple[str, str]]:
    return [(f["name"], f["type"]) for f in load_schemas()[table]["fields"]]


def test_pandas_reads_csv_and_parquet_with_declared_types(package: Package) -> None:
    for table in TABLE_NAMES:
        fields = _fields(table)
        dtypes = {n: ("Int64" if t == "integer" else "float64" if t == "number" else "string")
                  for n, t in fields}
        frame = pd.read_csv(package.root / f"data/{table}.csv", dtype=dtypes, keep_default_na=False,
                            na_values=[""], encoding="utf-8")
        dates = [n for n, t in fields if t == "date"]
        for name in dates:
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d", errors="raise")
        from_parquet = pd.read_parquet(package.root / f"data/{table}.parquet", dtype_backend="pyarrow")
        assert list(frame.columns) == list(from_parquet.columns) == [n for n, _ in fields]
        assert len(frame) == len(from_parquet) == package.row_counts[table]
        for name, kind in fields:
            pq_type = from_parquet[name].dtype.pyarrow_dtype
            assert pq_type == ARROW[kind], (table, name, pq_type)
    sections = pd.read_csv(package.root / "data/sections.csv", dtype={"level": "Int64"}, keep_default_na=False)
    assert set(sections["level"]) == {1, 2, 3}


def test_pyarrow_reads_csv_with_declared_types_equal_to_parquet(package: Package) -> None:
    for table in TABLE_NAMES:
        fields = _fields(table)
        convert = pacsv.ConvertOptions(column_types={n: ARROW[t] for n, t in fields}, null_values=[""],
                                       strings_can_be_null=True, quoted_strings_can_be_null=True)
        from_csv = pacsv.read_csv(package.root / f"data/{table}.csv", convert_options=convert)
        from_parquet = pq.read_table(package.root / f"data/{table}.parquet")
        assert from_csv.schema.types == [ARROW[t] for _, t in fields]
        assert from_csv.to_pylist() == from_parquet.to_pylist()
    dates = pq.read_table(package.root / "data/dates.parquet").column("start").to_pylist()
    assert dt.date(2024, 4, 8) in dates


def test_duckdb_reads_every_parquet_and_csv_with_declared_types(package: Package) -> None:
    con = duckdb.connect()
    for table in TABLE_NAMES:
        fields = _fields(table)
        parquet = package.root / f"data/{table}.parquet"
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{parquet}')").fetchall()
        assert [(row[0], row[1]) for row in described] == [(n, DUCKDB[t]) for n, t in fields]
        columns = "{" + ", ".join(f"'{n}': '{DUCKDB[t]}'" for n, t in fields) + "}"
        csv_rows = con.execute(f"SELECT * FROM read_csv('{package.root / f'data/{table}.csv'}', header=true, "
                               f"columns={columns}, nullstr='')").fetchall()
        assert csv_rows == con.execute(f"SELECT * FROM read_parquet('{parquet}')").fetchall()
    joined = con.execute(
        f"SELECT count(*) FROM read_parquet('{package.root / 'data/measures.parquet'}') m "
        f"JOIN read_parquet('{package.root / 'data/sections.parquet'}') s USING (section_id)").fetchone()
    assert joined == (package.row_counts["measures"],)
