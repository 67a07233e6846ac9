"""`govpub generate`: a deterministic corpus of realistic reports, each with its gold annotation."""

from __future__ import annotations

import argparse
from pathlib import Path

from govpub.generate import generate_corpus
from govpub.generate.render import VARIANTS


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "generate",
        help="write a synthetic corpus of reports with gold annotations (for benchmarks and accuracy at scale)",
        description="Compose N rectification reports in GB/T 9704 structure (5,000–40,000 characters) in the "
        f"forms real ones arrive in ({', '.join(VARIANTS)}), each with a .meta.json sidecar and a gold "
        "annotation in OUT/gold/. The same --seed gives the same bytes.",
    )
    p.add_argument("--docs", type=int, required=True, help="how many documents")
    p.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--variants", default=",".join(VARIANTS),
                   help=f"comma-separated forms to cycle through (default: all: {','.join(VARIANTS)})")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    variants = tuple(v.strip() for v in args.variants.split(",") if v.strip())
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or args.docs < 1:
        print(f"govpub generate: unknown variants {unknown}" if unknown else "govpub generate: --docs must be >= 1")
        return 2
    info = generate_corpus(args.out, docs=args.docs, seed=args.seed, variants=variants)
    print(f"wrote {info.documents} documents ({info.characters:,} characters, {info.bytes:,} bytes) to {args.out}")
    return 0
