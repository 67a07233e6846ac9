"""Sources (SourceMeta) in, Arrow fragments on disk plus the rejected list out, over a process pool.

Parse and extract are CPU-bound pure Python, so the plain engine spreads batches of documents
over worker processes; each worker writes its batch's rows as Arrow IPC files (package.fragments)
and returns only small index entries. A document is handled exactly as pipeline.extract_one
handles it: a RejectedInput or an unforeseen bug becomes a Rejected value, a TransientError or
terminal GovpubError escapes and fails the run.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import resource
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import pyarrow as pa

from govpub.cache import ExtractionCache
from govpub.ingest import IngestLimits, SourceMeta
from govpub.package.fragments import (
    DocFragment,
    FragmentSet,
    from_ipc,
    raw_tables,
    raw_tables_many,
    required_with_nulls,
    to_ipc,
    write_batch,
)
from govpub.records import TABLES, Extraction, Records, Rejected, report_id_for
from govpub.stat_index import StatIndex, identity

# Batches are the unit of work and of fragment files: big enough to amortise the round trip,
# small enough that two workers stay busy to the end.
MIN_BATCH = 20
MAX_BATCHES = 256
MIN_POOLED_DOCS = 64


@dataclass(frozen=True)
class BatchJob:
    batch: int
    first: int  # position of metas[0] among the run's sources
    metas: tuple[SourceMeta, ...]
    fragment_dir: Path
    limits: IngestLimits
    cache_dir: Path | None
    base_dir: Path | None
    positions: tuple[int, ...] = ()  # each meta's position among the run's sources (default: first + i)
    keys: tuple[str | None, ...] = ()  # each meta's content key when the caller computed them already


@dataclass(frozen=True)
class BatchResult:
    docs: tuple[DocFragment, ...]
    rejected: tuple[Rejected, ...]
    cache_hits: int = 0
    nulls: frozenset[tuple[str, str]] = frozenset()
    peak_rss_mib: float = 0.0  # of the process that ran the batch


@dataclass(frozen=True)
class FragmentRun:
    """What extract_fragments returns: the fragments, the rejected sources, cache hits."""

    fragments: FragmentSet
    rejected: tuple[Rejected, ...]
    cache_hits: int
    worker_rss_mib: float = 0.0  # the largest worker's peak RSS (0 when run in this process)


def _local(meta: SourceMeta) -> bool:
    return "://" not in meta.uri


def content_key(meta: SourceMeta, limits: IngestLimits, base_dir: Path | None,
                index: StatIndex | None = None) -> str | None:
    """A local file's extraction-cache key, from its raw bytes and published identity; None for
    a remote source or a file that cannot be read (it is extracted, and rejected, as usual).
    Every run keys every source: an unchanged file's sha256 comes from `index` without a read,
    else hashlib.file_digest hashes it (a C loop that releases the GIL)."""
    from govpub.pipeline import published_uri  # the pipeline imports this module

    if not _local(meta):
        return None
    path = Path(meta.uri)
    try:
        st = path.stat()
        if st.st_size > limits.max_bytes:
            return None
        sha = index.sha256(meta.uri, st) if index is not None else None
        if sha is None:
            with path.open("rb") as fh:
                sha = hashlib.file_digest(fh, "sha256").hexdigest()
                read = os.fstat(fh.fileno())
            if index is not None and identity(read) == identity(st):  # not written while read
                index.record(meta.uri, st, sha)
        elif index is not None:
            index.record(meta.uri, st, sha)
    except OSError:
        return None
    source = replace(meta, uri=published_uri(meta.uri, base_dir))
    return ExtractionCache.key_of(source, sha)


def _cached_tables(key: str | None, cache: ExtractionCache) -> dict[str, pa.Table] | None:
    """The cached tables of a content key on a hit; any trouble means 'no hit'."""
    blobs = cache.get_tables(key) if key is not None else None
    try:
        return from_ipc(blobs) if blobs is not None else None
    except (pa.ArrowInvalid, OSError):
        return None  # a damaged entry is a miss


def run_batch(job: BatchJob) -> BatchResult:
    """One batch in a worker: extract every document, write its fragments, return the index."""
    from govpub.pipeline import extract_one  # the pipeline imports this module

    cache = ExtractionCache(job.cache_dir) if job.cache_dir is not None else None
    found: list[tuple[int, str | None, dict[str, pa.Table] | Records]] = []
    rejected: list[Rejected] = []
    keys: dict[int, str | None] = {}
    for offset, meta in enumerate(job.metas):
        # The content key also without a cache: it names the segment a document is rendered in
        # (package.segments), so a caller with a segment store can reuse that segment later.
        key = job.keys[offset] if job.keys else content_key(meta, job.limits, job.base_dir)
        tables = _cached_tables(key, cache) if cache else None
        keys[offset] = key
        if tables is not None:
            found.append((offset, None, tables))
            continue
        ex = extract_one(meta, limits=job.limits, base_dir=job.base_dir)
        if ex.records is not None:
            found.append((offset, key, ex.records))
        elif ex.rejected is not None:
            rejected.append(ex.rejected)
    docs = _to_tables(job, found, rejected)
    index = []
    for slot, (offset, tables) in enumerate(docs):
        reports = tables["reports"].column("report_id").to_pylist()
        report_id = (reports[0] or "") if reports else ""
        key = keys.get(offset)
        index.append(DocFragment(order=job.positions[offset] if job.positions else job.first + offset,
                                 report_id=report_id, batch=job.batch, slot=slot,
                                 rows={t: tables[t].num_rows for t in TABLES}, key=key))
        if cache is not None and key is not None and report_id:
            cache.put_report_id(key, report_id)
    write_batch(job.fragment_dir, job.batch, [tables for _offset, tables in docs])
    nulls: frozenset[tuple[str, str]] = frozenset()
    if docs:  # one check per batch: which required columns hold a null once typed
        nulls = frozenset((t, c) for t in TABLES
                          for c in required_with_nulls(t, pa.concat_tables([d[t] for _o, d in docs])))
    return BatchResult(tuple(index), tuple(rejected), cache_hits=cache.hits if cache else 0, nulls=nulls,
                       peak_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)


def _to_tables(job: BatchJob, found: list[tuple[int, str | None, dict[str, pa.Table] | Records]],
               rejected: list[Rejected]) -> list[tuple[int, dict[str, pa.Table]]]:
    """Fresh Records of the batch become Arrow in one go (cached ones already are), in source order."""
    fresh = [(offset, key, rec) for offset, key, rec in found if isinstance(rec, Records)]
    try:
        converted = raw_tables_many([rec for _o, _k, rec in fresh])
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        converted = []  # some document holds a value of the wrong type: find it one by one
        for offset, _key, rec in fresh:
            try:
                converted.append(raw_tables(rec))
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError) as exc:
                rejected.append(Rejected(job.metas[offset].uri, "extract", f"{type(exc).__name__}: {exc}"))
                converted.append({})
    by_offset: dict[int, dict[str, pa.Table]] = {}
    cache = ExtractionCache(job.cache_dir) if job.cache_dir is not None else None
    for (offset, key, _rec), tables in zip(fresh, converted, strict=True):
        if not tables:
            continue
        by_offset[offset] = tables
        if cache is not None and key is not None:
            cache.put_tables(key, to_ipc(tables))
    for offset, _key, value in found:
        if not isinstance(value, Records):
            by_offset[offset] = value
    return sorted(by_offset.items())


def batch_size(n: int) -> int:
    return max(MIN_BATCH, -(-n // MAX_BATCHES))


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A forkserver pool (no fork of a threaded parent) for extraction and segment rendering."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def extract_fragments(metas: Sequence[SourceMeta], fragment_dir: Path, *, workers: int = 1,
                      limits: IngestLimits = IngestLimits(), cache_dir: Path | None = None,
                      base_dir: Path | None = None, missing: Sequence[Extraction] = (),
                      executor: Executor | None = None, positions: Sequence[int] = (),
                      keys: Sequence[str | None] = ()) -> FragmentRun:
    """Extract every source into fragments under fragment_dir. workers=1 runs in this process;
    more use `executor` or start a pool of their own. `positions`: each source's place among
    the run's sources when `metas` is a part of them; `keys`: their content keys, when known."""
    # Batches of neighbouring report ids: a segment (a report-id prefix) then reads its rows from a
    # batch file or two, not from one file per document. Positions keep the sources' order.
    ranked = sorted(range(len(metas)), key=lambda i: report_id_for(metas[i].url or metas[i].name))
    metas = [metas[i] for i in ranked]
    positions = [positions[i] if positions else i for i in ranked]
    keys = [keys[i] for i in ranked] if keys else []
    size = batch_size(len(metas))
    jobs = [BatchJob(i, start, tuple(metas[start:start + size]), fragment_dir, limits, cache_dir, base_dir,
                     tuple(positions[start:start + size]), tuple(keys[start:start + size]))
            for i, start in enumerate(range(0, len(metas), size))]
    # A few documents (a re-run's changes) cost less here than starting worker processes.
    pooled = workers > 1 and len(jobs) > 1 and len(metas) >= MIN_POOLED_DOCS
    if not pooled:
        results = [run_batch(job) for job in jobs]
    elif executor is not None:
        results = list(executor.map(run_batch, jobs))
    else:
        with worker_pool(min(workers, len(jobs))) as pool:
            results = list(pool.map(run_batch, jobs))
    rejected = [r for res in results for r in res.rejected]
    rejected += [m.rejected for m in missing if m.rejected is not None]
    return FragmentRun(
        fragments=FragmentSet.of(fragment_dir, [d for res in results for d in res.docs],
                                 frozenset(n for res in results for n in res.nulls)),
        rejected=tuple(sorted(rejected, key=lambda r: r.source)),
        cache_hits=sum(res.cache_hits for res in results),
        worker_rss_mib=max((res.peak_rss_mib for res in results), default=0.0) if pooled else 0.0,
    )
