"""Options shared by several subcommands, defined once."""

from __future__ import annotations

import argparse


def add_target_options(parser: argparse.ArgumentParser, *, default_target: str | None = None) -> None:
    parser.add_argument(
        "--target",
        default=default_target,
        help="where releases live: a directory (default ./public, or the config's target) or s3://bucket/prefix",
    )
    parser.add_argument(
        "--s3-endpoint-url",
        default=None,
        help="S3-compatible endpoint (MinIO, Ceph, R2); AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL are honoured too",
    )


def add_dataset_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", default=None, help="dataset name (default: the config's dataset.name)")
