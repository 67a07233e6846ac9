"""The `govpub` command: one parser, one module per subcommand, shared options defined once."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from govpub import __version__
from govpub.errors import GovpubError

# Each module exposes `add_parser(subparsers)` that registers one subcommand whose
# `func(args) -> int` returns the exit code: 0 ok, 1 data problems (when strict), 2 usage/system error.
_COMMAND_MODULES = (
    "govpub.cli.run",
    "govpub.cli.annotate",
    "govpub.cli.generate",
    "govpub.cli.bench",
    "govpub.cli.score",
    "govpub.cli.validate",
    "govpub.cli.releases",
)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="govpub",
        description="Turn Chinese government reports (公文) into validated, versioned open data packages.",
    )
    parser.add_argument("--version", action="version", version=f"govpub {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        importlib.import_module(name).add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # pdfminer warns on every slightly malformed PDF; a rejected document is reported by us instead.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
        return code
    except GovpubError as exc:
        print(f"govpub: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
