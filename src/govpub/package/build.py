"""Write every table and the descriptor into a staging folder.

CONTRACT (owned by the package work).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from govpub.config import DatasetMeta
from govpub.package.model import Package
from govpub.records import Records, Rejected


def build_package(records: Records, meta: DatasetMeta, out_dir: Path, *, created: str,
                  rejected: Sequence[Rejected] = ()) -> Package:
    """Write data/<table>.csv and .parquet for every table (and the Excel copy), README.md,
    and datapackage.json (Data Package v2; version "0.0.0" until publish stamps it) into
    out_dir. `created` is an ISO datetime passed in: stages never read the clock."""
    raise NotImplementedError
