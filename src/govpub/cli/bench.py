"""`govpub bench`: generate corpora and print end-to-end throughput, stage times, memory and re-run costs."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "bench",
        help="measure throughput, stage times, peak memory and incremental re-runs on generated corpora",
        description="For each size: generate a corpus (govpub generate), run the pipeline to a local target "
        "(each run in a fresh process: documents/s, seconds per stage, peak RSS), re-run it unchanged, "
        "re-run it with one document changed, and with --s3 publish to an S3 server on 127.0.0.1 "
        "(needs the test extra), print our validation rows/s (beside `frictionless validate` with --frictionless) "
        "and the accuracy on a sample of the generated documents. Prints a table; --json writes every number.",
    )
    p.add_argument("--docs", default="1000,10000", help="comma-separated corpus sizes (default 1000,10000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    p.add_argument("--s3", action="store_true", help="also publish to a local S3 server (moto)")
    p.add_argument("--frictionless", action="store_true",
                   help="also time the `frictionless validate` CLI on the same package (slow: minutes at 10,000)")
    p.add_argument("--accuracy-sample", type=int, default=200,
                   help="score this many generated documents against their gold (default 200; 0 skips)")
    p.add_argument("--json", type=Path, default=None, help="write all measurements here")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from govpub.benchmark import bench, fmt_table

    sizes = [int(x) for x in args.docs.split(",") if x.strip()]
    with tempfile.TemporaryDirectory(prefix="govpub-bench-") as tmp:
        results = bench(sizes, seed=args.seed, work=args.work or Path(tmp), s3=args.s3,
                        frictionless=args.frictionless, accuracy_sample=args.accuracy_sample)
    print()
    print(fmt_table(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0
