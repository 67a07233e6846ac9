"""A batch of SourceMeta in, a folder of Arrow fragments plus a small picklable index out (and back, as one FragmentSet).

Each batch task writes its documents' rows as Arrow IPC files (govpub.package.fragments) into a
folder of its own under the work dir's batch store, named by the batch's cache key, and returns
only a StoredBatch: the folder and the index of where each document's rows are. The package task
combines the indexes of every batch, from this run or cached from an earlier one, into one
FragmentSet. Nothing is unpickled from the store: the index travels as the task's result.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from govpub import fragment_extract
from govpub.fragment_extract import BatchJob, BatchResult
from govpub.ingest import IngestLimits, SourceMeta
from govpub.package.fragments import DocFragment, FragmentSet, fragment_path
from govpub.records import TABLES, Rejected

# Inside its folder a batch is always batch 0 whose documents count from 0: the index does not
# depend on where the batch sat in the run that wrote it, so a cached one fits any later run.
BATCH_NO = 0
UNCACHED_PREFIX = "uncached-"  # "uncached-k3j9x2": a batch with an http source has no content key


@dataclass(frozen=True)
class StoredBatch:
    """What an extract-batch task returns: the folder of its fragment files and their index."""

    root: Path
    result: BatchResult


def batch_root(store: Path, key: str | None) -> Path:
    """The folder of a batch: its cache key's name, or a fresh unique one when there is no key."""
    store.mkdir(parents=True, exist_ok=True)
    if key is None:
        return Path(tempfile.mkdtemp(dir=store, prefix=UNCACHED_PREFIX))
    return store / key


def is_complete(root: Path) -> bool:
    """Every table's fragment file is there (a batch is written whole or not at all)."""
    return all(fragment_path(root, BATCH_NO, t).is_file() for t in TABLES)


def extract_to(root: Path, metas: Sequence[SourceMeta], *, base_dir: Path | None,
               limits: IngestLimits = IngestLimits()) -> StoredBatch:
    """Extract the batch into a temporary folder beside `root`, then move it into place, so that a
    reader never sees half a batch. A TransientError escapes (the task retries the whole batch)."""
    root.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=root.parent, prefix=".tmp-"))
    try:
        # Looked up at call time, so that a test or a Dask worker set-up can wrap it.
        result = fragment_extract.run_batch(BatchJob(BATCH_NO, 0, tuple(metas), tmp, limits, None, base_dir))
        if root.exists():
            # An earlier run's copy whose task result Prefect no longer has: ours is fresh.
            shutil.rmtree(root, ignore_errors=True)
        try:
            os.rename(tmp, root)
        except OSError:
            # Another run wrote the same key meanwhile: same content key, same bytes; keep theirs.
            if not is_complete(root):
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return StoredBatch(root=root, result=result)


def combine(batches: Sequence[tuple[StoredBatch, Sequence[SourceMeta]]],
            missing: Sequence[Rejected] = ()) -> tuple[FragmentSet, tuple[Rejected, ...]]:
    """The batches, in run order, as one FragmentSet over their folders, and every rejected source
    (sorted by source, as the plain engine does). A document's order is its position among the
    run's sources, so equal report ids sort exactly as in pipeline.run_plain."""
    docs: list[DocFragment] = []
    nulls: set[tuple[str, str]] = set()
    rejected: list[Rejected] = list(missing)
    start = 0
    for stored, metas in batches:
        docs += [replace(d, root=stored.root, order=start + d.order) for d in stored.result.docs]
        nulls |= stored.result.nulls
        rejected += stored.result.rejected
        start += len(metas)
    root = batches[0][0].root.parent if batches else Path(".")
    return FragmentSet.of(root, docs, frozenset(nulls)), tuple(sorted(rejected, key=lambda r: r.source))
