"""`govpub run`: sources in, a validated release out, through the Prefect flow (or plain calls)."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from govpub.cli.options import add_dataset_option, add_target_options
from govpub.cli.progress import ProgressBar
from govpub.cli.summary import print_summary
from govpub.config import CollectionConfig, load_config
from govpub.defaults import default_config
from govpub.pipeline import RunResult, run_plain


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "run",
        help="read reports, build and validate the data package, publish a release",
        description=(
            "Read every SOURCE (files, folders, http(s) URLs, s3:// prefixes) or the config's sources, "
            "extract the tables, validate the package and publish a new version when the data changed. "
            "Runs as a Prefect flow on Prefect's ephemeral API unless PREFECT_API_URL names a server."
        ),
    )
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="files, folders, URLs or s3:// prefixes")
    p.add_argument("--config", type=Path, default=None, help="collection config (YAML); see examples/collection.yaml")
    add_target_options(p)
    add_dataset_option(p)
    p.add_argument("--engine", choices=("prefect", "plain"), default="prefect",
                   help="prefect (default): run as a Prefect flow; plain: call the library directly")
    p.add_argument("--task-runner", default="threads",
                   help="prefect engine only: threads (default, up to 4), threads:N, dask (a local cluster, "
                   "one worker process per core), dask:N, or dask://HOST:PORT (an existing cluster)")
    p.add_argument("--batch-size", type=int, default=None,
                   help="prefect engine only: documents per extract task (default: the config's, 50)")
    p.add_argument("--cache-dir", type=Path, default=None,
                   help="plain engine only: keep extraction results and rendered, validated package segments "
                   "here, so a re-run neither reads nor parses unchanged documents and rewrites only the segments "
                   "that hold a changed one (keyed on content, source, parser version and code)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="plain engine only: processes that read, parse and extract documents in parallel "
                   "(default: the number of CPUs; 1 runs everything in this process)")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any source is rejected or the package is invalid")
    p.set_defaults(func=run)


def resolve_config(args: argparse.Namespace) -> CollectionConfig:
    config = load_config(args.config) if args.config else default_config(base_dir=Path.cwd())
    if args.dataset:
        config = dataclasses.replace(config, dataset=dataclasses.replace(config.dataset, name=args.dataset))
    if args.target:
        config = dataclasses.replace(config, target=args.target)
    if args.sources:
        config = dataclasses.replace(config, sources=tuple(args.sources), base_dir=Path.cwd())
    if args.strict:
        config = dataclasses.replace(config, strict=True)
    return config


def run(args: argparse.Namespace) -> int:
    config = resolve_config(args)
    if not config.sources:
        print("govpub: error: no sources: name files or folders, or give --config", file=sys.stderr)
        return 2
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    result: RunResult
    if args.workers is not None and args.workers < 1:
        print("govpub: error: --workers must be 1 or more", file=sys.stderr)
        return 2
    if args.engine == "plain":
        result = run_plain(config, now=now, s3_endpoint_url=args.s3_endpoint_url, cache_dir=args.cache_dir,
                           workers=args.workers)
    else:
        # Prefect is imported only here: the library never depends on it.
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        os.environ.setdefault("DO_NOT_TRACK", "1")
        from govpub_flows.collection import run_collection

        result = run_collection(config, now=now, s3_endpoint_url=args.s3_endpoint_url,
                                task_runner=args.task_runner, batch_size=args.batch_size,
                                progress=ProgressBar())
    print_summary(result, target=config.target)
    if not result.validation.valid:
        return 1
    if config.strict and result.rejected:
        return 1
    return 0
