"""Benchmark: a synthetic package of >= 500,000 rows in, rows/s of govpub's columnar validation and of
the `frictionless validate` CLI on the same package out (printed; nothing is asserted).

    PYTHONPATH=src /tmp/venv-probe/bin/python bench/validate.py [--reports 25000] [--skip-cli]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "package"))  # the hand-built sample report

from sample_records import CREATED, META, many_reports

from govpub.package import build_package
from govpub.validate import validate_package


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=25_000, help="copies of the 20-row sample report")
    parser.add_argument("--repeat", type=int, default=3, help="columnar runs; the best is reported")
    parser.add_argument("--skip-cli", action="store_true", help="do not run the frictionless CLI")
    parser.add_argument("--frictionless-engine", action="store_true",
                        help="also time validate_package(engine='frictionless') in-process")
    args = parser.parse_args()
    frictionless = Path(sys.executable).parent / "frictionless"

    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    t0 = time.perf_counter()
    records = many_reports(args.reports)
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="govpub-bench-") as tmp:
        package = build_package(records, META, Path(tmp) / "pkg", created=CREATED)
        t2 = time.perf_counter()
        rows = sum(package.row_counts.values())
        size = sum(f.bytes for f in package.files)
        print(f"synthesised {args.reports} reports in {t1 - t0:.1f} s; built package: {rows} rows, "
              f"{size / 1e6:.1f} MB in {t2 - t1:.1f} s ({rows / (t2 - t1):,.0f} rows/s)")

        # The machine is shared: the best of a few runs is the least disturbed one.
        times = []
        for _ in range(args.repeat):
            t3 = time.perf_counter()
            report = validate_package(package)
            times.append(time.perf_counter() - t3)
        best = min(times)
        fast = rows / best
        print(f"govpub columnar validate: valid={report.valid}, runs {', '.join(f'{t:.2f}' for t in times)} s; "
              f"best {best:.2f} s -> {fast:,.0f} rows/s")

        if args.frictionless_engine:
            t5 = time.perf_counter()
            slow_report = validate_package(package, engine="frictionless")
            t6 = time.perf_counter()
            print(f"govpub engine=frictionless: valid={slow_report.valid} in {t6 - t5:.1f} s -> "
                  f"{rows / (t6 - t5):,.0f} rows/s")

        if not args.skip_cli:
            t7 = time.perf_counter()
            done = subprocess.run([str(frictionless), "validate", "--json", "datapackage.json"], cwd=package.root,
                                  capture_output=True, text=True, check=False)
            t8 = time.perf_counter()
            valid = json.loads(done.stdout).get("valid") if done.stdout.strip().startswith("{") else None
            cli = rows / (t8 - t7)
            print(f"frictionless validate CLI: exit={done.returncode} valid={valid} in {t8 - t7:.1f} s -> "
                  f"{cli:,.0f} rows/s")
            print(f"ratio columnar / frictionless CLI: {fast / cli:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
