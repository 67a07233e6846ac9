"""`govpub annotate`: documents in, one annotation JSON each (the gold format) out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from govpub.annotate import annotation
from govpub.errors import GovpubError
from govpub.extract import extract
from govpub.ingest import discover, read
from govpub.names import safe_stem
from govpub.parse import parse


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "annotate",
        help="write each document's annotation (sections, measures, dates, contacts, metadata) as JSON",
        description="For each input NAME.ext write OUT/NAME.json in the annotation format of the gold files, "
        "built from the same records the data package is written from.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--out", type=Path, required=True, help="folder for the NAME.json files")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for meta in discover([str(f) for f in args.files], base_dir=Path.cwd()):
        try:
            document = read(meta)
            records = extract(parse(document))
        except GovpubError as exc:
            print(f"govpub: rejected {meta.uri}: {exc}", file=sys.stderr)
            failed += 1
            continue
        out = args.out / f"{safe_stem(meta.name)}.json"
        out.write_text(json.dumps(annotation(document, records), ensure_ascii=False, indent=1) + "\n",
                       encoding="utf-8")
        print(out)
    return 1 if failed else 0
