"""Benchmark: ~1 M generated `sections` rows in N Parquet parts (govpub's writer settings) in; MB/s of
concat_parquet and the time of re-encoding the same rows with pyarrow (read + write) out (printed only).

    PYTHONPATH=src /tmp/venv-probe/bin/python bench/parquet_concat.py [--rows 1000000] [--parts 256] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from govpub.generate import vocabulary
from govpub.package.parquet_concat import concat_parquet
from govpub.package.parquet_out import write_parquet
from govpub.package.schemas import load_schemas


def phrases() -> list[str]:
    """Every phrase of the corpus generator's vocabulary (real notices' wording): bodies built from
    them compress like the generated corpus does, random characters would not."""
    out: list[str] = []
    for value in vars(vocabulary).values():
        if isinstance(value, list | tuple):
            out.extend(v for v in value if isinstance(v, str) and len(v) > 1)
    return out


def sections(rows: int, seed: int) -> pa.Table:
    """Rows shaped like govpub's sections: ids, a repeating report id, short headings, long bodies."""
    rng = random.Random(seed)
    words = phrases()
    reports = [f"{rng.getrandbits(64):016x}" for _ in range(max(rows // 40, 1))]
    report_ids, section_ids, bodies, headings, starts = [], [], [], [], []
    for i in range(rows):
        rid = reports[i * len(reports) // rows]
        report_ids.append(rid)
        section_ids.append(f"{rid}-s{i % 40 + 1}")
        bodies.append("，".join(rng.choices(words, k=rng.randrange(2, 40))) + f"，完成{rng.randrange(100)}项。")
        headings.append(None if i % 7 == 0 else rng.choice(words))
        starts.append(i % 40 * 1000)
    schema = load_schemas()["sections"]
    required = {f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")}
    columns = {
        "section_id": pa.array(section_ids), "report_id": pa.array(report_ids),
        "parent_id": pa.array([None] * rows, pa.string()),
        "level": pa.array([1 + i % 3 for i in range(rows)], pa.int64()),
        "marker": pa.array(["一、"] * rows), "ordinal": pa.array([i % 40 + 1 for i in range(rows)], pa.int64()),
        "path": pa.array([str(i % 40 + 1) for i in range(rows)]), "heading": pa.array(headings, pa.string()),
        "body": pa.array(bodies), "char_start": pa.array(starts, pa.int64()),
        "char_end": pa.array([s + 1000 for s in starts], pa.int64()),
    }
    names = [f["name"] for f in schema["fields"]]
    return pa.table([columns[n] for n in names],
                    schema=pa.schema([pa.field(n, columns[n].type, nullable=n not in required) for n in names]))


def best(repeat: int, run: Callable[[], object]) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times), times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--parts", type=int, default=256, help="segments (256 = two hex digits of the report id)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is reported")
    args = parser.parse_args()
    print(f"python {platform.python_version()}, pyarrow {pa.__version__} on {platform.machine()}")

    schema = load_schemas()["sections"]
    t0 = time.perf_counter()
    table = sections(args.rows, seed=1)
    print(f"generated {table.num_rows:,} rows ({table.nbytes / 1e6:.0f} MB in Arrow) in {time.perf_counter() - t0:.1f} s")

    with tempfile.TemporaryDirectory(prefix="govpub-bench-concat-") as tmp:
        root = Path(tmp)
        parts = []
        t0 = time.perf_counter()
        step = -(-table.num_rows // args.parts)
        for k in range(args.parts):
            path = root / f"part-{k:03d}.parquet"
            write_parquet(path, table.slice(k * step, step), schema)
            parts.append(path)
        part_bytes = sum(p.stat().st_size for p in parts)
        print(f"wrote {len(parts)} parts, {part_bytes / 1e6:.1f} MB, in {time.perf_counter() - t0:.1f} s")

        out = root / "concat.parquet"

        def concat_to_file() -> None:
            digest = hashlib.sha256()
            with out.open("wb") as f:
                def write(chunk: bytes) -> None:
                    digest.update(chunk)
                    f.write(chunk)
                concat_parquet(parts, write)

        def concat_to_file_unhashed() -> None:
            with out.open("wb") as f:
                concat_parquet(parts, f.write)

        def concat_to_nothing() -> None:
            concat_parquet(parts, lambda chunk: None)

        def reencode() -> None:
            whole = pa.concat_tables([pq.read_table(p) for p in parts])
            write_parquet(root / "reencoded.parquet", whole, schema)

        def encode_only() -> None:
            write_parquet(root / "encoded.parquet", table, schema)

        t_file, file_runs = best(args.repeat, concat_to_file)
        out_bytes = out.stat().st_size
        meta = pq.ParquetFile(out).metadata
        assert meta.num_rows == table.num_rows  # a benchmark of a wrong result is worth nothing
        t_plain, plain_runs = best(args.repeat, concat_to_file_unhashed)
        t_none, none_runs = best(args.repeat, concat_to_nothing)
        t_hash, hash_runs = best(args.repeat, lambda: hashlib.sha256(out.read_bytes()).digest())
        t_re, re_runs = best(args.repeat, reencode)
        t_enc, enc_runs = best(args.repeat, encode_only)
        footer = int.from_bytes(out.read_bytes()[-8:-4], "little")
        tracemalloc.start()  # one more run, untimed: Python's peak allocation while concatenating
        concat_to_nothing()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

        def runs(ts: list[float]) -> str:
            return ", ".join(f"{t:.2f}" for t in ts)

        mb = out_bytes / 1e6
        print(f"output: {mb:.1f} MB, {meta.num_row_groups} row groups, footer {footer / 1e3:.0f} kB")
        print(f"concat_parquet to a file + sha256: best {t_file:.3f} s ({mb / t_file:,.0f} MB/s); runs {runs(file_runs)}")
        print(f"concat_parquet to a file:          best {t_plain:.3f} s ({mb / t_plain:,.0f} MB/s); runs {runs(plain_runs)}")
        print(f"concat_parquet, output discarded:  best {t_none:.3f} s ({mb / t_none:,.0f} MB/s); runs {runs(none_runs)}")
        print(f"(sha256 of the output alone:       best {t_hash:.3f} s ({mb / t_hash:,.0f} MB/s); runs {runs(hash_runs)})")
        print(f"re-encode (read parts + write):    best {t_re:.3f} s; runs {runs(re_runs)}")
        print(f"encode only (write from memory):   best {t_enc:.3f} s; runs {runs(enc_runs)}")
        print(f"peak Python allocation during concat_parquet: {peak / 2**20:.1f} MiB")
        print(f"re-encode / concat to a file: {t_re / t_plain:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
