"""`govpub validate`: a package folder in, its validation report out (exit 1 when invalid)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from govpub.validate import validate_folder


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "validate",
        help="validate a data package folder (a release, latest/, or a staged package)",
        description="Check every table of the package in FOLDER against its Table Schema (types, constraints, "
        "primary and foreign keys), the file hashes in datapackage.json, that each CSV and its Parquet hold the "
        "same rows, and the cross-table rules. Exit 0 when valid, 1 when not.",
    )
    p.add_argument("folder", type=Path, help="folder holding datapackage.json")
    p.add_argument("--engine", choices=("columnar", "frictionless"), default="columnar",
                   help="columnar (default, fast, pyarrow) or frictionless (the reference implementation)")
    p.add_argument("--json", type=Path, default=None, help="also write the report as JSON here")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    report = validate_folder(args.folder, engine=args.engine)
    print(report.summary())
    if args.json:
        args.json.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if report.valid else 1
