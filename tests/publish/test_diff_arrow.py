"""Release diffs by primary key with Arrow compute count what the row-by-row keyed() comparison counts."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from govpub.publish.tables import ParquetColumns, count_rows, diff_arrow, keyed


def _slow(old: pa.Table, new: pa.Table, pk: object) -> tuple[int, int, int]:
    a, b = keyed(old.to_pylist(), pk), keyed(new.to_pylist(), pk)  # type: ignore[arg-type]
    return (sum(1 for k in b if k not in a), sum(1 for k in a if k not in b),
            sum(1 for k in b if k in a and a[k] != b[k]))


def _parquet(table: pa.Table, row_group_size: int | None = None) -> ParquetColumns:
    buf = io.BytesIO()
    pq.write_table(table, buf, row_group_size=row_group_size)
    return ParquetColumns(buf.getvalue(), "data/t.parquet")


def _table(ids: list[str], text: list[str | None], value: list[float | None], day: list[int | None]) -> pa.Table:
    return pa.table({"id": ids, "text": pa.array(text, pa.string()), "value": pa.array(value, pa.float64()),
                     "day": pa.array(day, pa.int32()).cast(pa.date32())})


OLD = _table(["a", "b", "c", "d", "e"], ["x", None, "z", "w", "v"], [1.0, float("nan"), None, 2.0, 3.0],
             [1, 2, None, 4, 5])
CASES = {
    "unchanged": OLD,
    "one text changed": _table(["a", "b", "c", "d", "e"], ["x", None, "z!", "w", "v"],
                               [1.0, float("nan"), None, 2.0, 3.0], [1, 2, None, 4, 5]),
    "null to value and NaN to number": _table(["a", "b", "c", "d", "e"], ["x", "y", "z", "w", "v"],
                                              [1.0, 0.5, None, 2.0, 3.0], [1, 2, None, 4, 5]),
    "added and removed, other order": _table(["f", "e", "d", "b", "a"], ["n", "v", "w", None, "x"],
                                             [9.0, 3.0, 2.0, float("nan"), 1.0], [9, 5, 4, 2, 1]),
    "a date changed": _table(["a", "b", "c", "d", "e"], ["x", None, "z", "w", "v"],
                             [1.0, float("nan"), None, 2.0, 3.0], [1, 2, 3, 4, 5]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_arrow_diff_counts_what_keyed_counts(name: str) -> None:
    new = CASES[name]
    fast = diff_arrow(OLD, new, "id")
    assert fast is not None
    assert fast == _slow(OLD, new, "id")
    assert diff_arrow(_parquet(OLD), _parquet(new), "id") == fast  # read column by column
    assert diff_arrow(_parquet(OLD, 2), _parquet(new, 3), "id") == fast  # and row group by row group


def test_composite_keys_are_compared_whole() -> None:
    old = pa.table({"k1": ["a", "a", "b"], "k2": ["1", "2", "1"], "v": [1, 2, 3]})
    new = pa.table({"k1": ["a", "b", "b"], "k2": ["1", "1", "2"], "v": [1, 4, 5]})
    assert diff_arrow(old, new, ["k1", "k2"]) == _slow(old, new, ["k1", "k2"]) == (1, 1, 1)


@pytest.mark.parametrize("new", [
    pa.table({"id": ["a", "a"], "v": [1, 2]}),  # a duplicate key: keyed() keeps the last row
    pa.table({"id": ["a", None], "v": [1, 2]}),  # a null key
    pa.table({"id": ["a", "b"], "w": [1, 2]}),  # other columns
    pa.table({"id": ["a", "b"], "v": [1.0, 2.0]}),  # another type
])
def test_cases_the_fast_path_does_not_cover_fall_back(new: pa.Table) -> None:
    old = pa.table({"id": ["a", "b"], "v": [1, 2]})
    assert diff_arrow(old, new, "id") is None
    assert diff_arrow(old, old, None) is None


def test_rows_are_counted_from_the_parquet_footer() -> None:
    buf = io.BytesIO()
    pq.write_table(OLD, buf)
    assert count_rows(buf.getvalue(), "parquet", "data/x.parquet") == 5
    assert count_rows(b"id,v\r\na,1\r\nb,2\r\n", "csv", "data/x.csv") == 2


def test_many_row_groups_in_another_order_count_the_same() -> None:
    n = 600
    old = pa.table({"id": [f"k{i:04d}" for i in range(n)], "text": [f"t{i}" for i in range(n)],
                    "value": [float(i) for i in range(n)]})
    rows = [(f"k{i:04d}", f"t{i}" + ("!" if i % 17 == 0 else ""), float(i) + (0.5 if i % 29 == 0 else 0.0))
            for i in range(40, n + 60)]  # 40 removed, 60 added, some changed
    rows = rows[::-1][:300] + rows[::-1][300:][::2] + rows[::-1][300:][1::2]  # shuffled in blocks
    new = pa.table({"id": [r[0] for r in rows], "text": [r[1] for r in rows], "value": [r[2] for r in rows]})
    want = _slow(old, new, "id")
    assert want[0] == 60 and want[1] == 40 and want[2] > 0
    assert diff_arrow(_parquet(old, 37), _parquet(new, 53), "id") == diff_arrow(old, new, "id") == want
