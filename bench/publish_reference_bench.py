"""Benchmark of the publish stage on a real package: a generated corpus in, the publish seconds of a
full run and of a run with one changed document out (printed, never asserted).

Run from the repo root; the work folder and the target share a filesystem, so files are linked:
    PYTHONPATH=src python bench/publish_reference_bench.py --corpus /tmp/pubref/corpus2k --work /tmp/pubref/w2k
Options: --seed-memo seeds the digest memo from the package's own hashes before publish (what the
package writer does once it calls govpub.digests.remember); --segments W cuts each
data/<table>.csv into segments by the first W characters of its rows (what the package writer will
record; done here before the clock starts, so the diff by segment can be timed); --profile FILE writes cProfile
stats of the publish calls and prints the top functions. The same script runs against an older
checkout (PYTHONPATH=that/src) for a before/after comparison; --seed-memo needs this one.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import itertools
import pstats
import shutil
import time
from pathlib import Path
from typing import Any

from govpub import benchmark

HEX = "0123456789abcdef"


def cut_segments(root: Path, width: int) -> dict[str, tuple[Any, ...]]:
    """Segments of every data/*.csv by report-id prefix. Rows are sorted by report id and every
    row starts with it (report_id, or a child id "<report_id>-…"), records end with CRLF: the first
    CRLF followed by each hex prefix, searched in order, starts that prefix's segment."""
    from govpub.package.model import Segment

    out: dict[str, tuple[Any, ...]] = {}
    for path in sorted((root / "data").glob("*.csv")):
        data = path.read_bytes()
        header = data.index(b"\n") + 1
        starts: list[tuple[str, int]] = []
        pos = header - 2
        for chars in itertools.product(HEX, repeat=width):
            prefix = "".join(chars)
            at = data.find(b"\r\n" + prefix.encode(), pos)
            if at >= 0:
                starts.append((prefix, at + 2))
                pos = at
        segs = []
        ends = [s for _, s in starts[1:]] + ([len(data)] if starts else [])
        for (prefix, start), end in zip(starts, ends, strict=True):
            chunk = data[start:end]
            segs.append(Segment(prefix, start, end - start, chunk.count(b"\r\n"), hashlib.sha256(chunk).hexdigest()))
        if (segs and segs[0].offset != header) or (not segs and len(data) > header):
            continue  # not sorted by a hex report id: leave this table to the whole-table diff
        out[path.stem] = tuple(segs)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--seed-memo", action="store_true")
    ap.add_argument("--segments", type=int, default=0)
    ap.add_argument("--profile", type=Path)
    args = ap.parse_args()
    if args.work.exists():
        shutil.rmtree(args.work)
    corpus = args.work / "corpus"
    shutil.copytree(args.corpus, corpus)
    real_publish = benchmark.publish
    profiler = cProfile.Profile() if args.profile else None
    publish_seconds: list[float] = []

    def timed_publish(package: Any, target: str, **kw: Any) -> Any:
        if args.segments:
            from dataclasses import replace

            package = replace(package, segments=cut_segments(package.root, args.segments))
        if args.seed_memo:
            from govpub.digests import remember

            for f in package.files:
                remember(package.root / f.path, f.bytes, f.sha256)
        t = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        try:
            return real_publish(package, target, **kw)
        finally:
            if profiler is not None:
                profiler.disable()
            publish_seconds.append(time.perf_counter() - t)

    benchmark.publish = timed_publish  # type: ignore[assignment]
    target = str(args.work / "public")
    print(f"{'run':<10} {'docs':>6} {'package MB':>10} {'seconds':>8} {'publish':>8} {'status':>10}")
    for n, run in enumerate(("full", "1 changed")):
        if n:
            benchmark.touch_one_document(corpus)
        m = benchmark.measure_run(corpus, target, cache_dir=args.work / "cache", work_dir=args.work / f"run{n}")
        size = sum(p.stat().st_size for p in (args.work / f"run{n}" / "package").rglob("*") if p.is_file()) / 1e6
        print(f"{run:<10} {m.docs:>6} {size:>10.0f} {m.seconds:>8.1f} {publish_seconds[-1]:>8.2f} "
              f"{m.release_status:>10}", flush=True)
    if profiler is not None:
        profiler.dump_stats(args.profile)
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
