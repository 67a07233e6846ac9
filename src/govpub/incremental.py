"""Sources and the extraction cache in, the fragments a segmented package still needs out.

A re-run should cost what changed. Each local source's content key is computed from its bytes
(a read and a sha256, in threads); a key the cache has seen names the document's report id, so
the document's segment is known without reading its rows. Only documents that are new or
changed are extracted first; then, of the documents already known, only those whose segment must
be rendered again are read back from the cache. A segment whose documents are all unchanged is
taken whole from the segment store (package.segment_build).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from govpub.cache import ExtractionCache
from govpub.config import DatasetMeta
from govpub.fragment_extract import FragmentRun, content_key, extract_fragments
from govpub.ingest import IngestLimits, SourceMeta
from govpub.package.fragments import DocFragment, FragmentSet
from govpub.package.model import Package
from govpub.package.segments import DocRef, SegmentStore, plan_segments
from govpub.package.stream import build_package_streaming
from govpub.records import Extraction
from govpub.stat_index import StatIndex


@dataclass(frozen=True)
class Planned:
    """What the segment builder needs: every document's place, and fragments for the dirty segments."""

    run: FragmentRun  # fragments of the documents that were read; all rejected sources
    refs: tuple[DocRef, ...]  # every published document (read or not)


def segment_store(cache_dir: Path) -> SegmentStore:
    return SegmentStore(cache_dir / "segments")


def extract_for_segments(metas: Sequence[SourceMeta], work: Path, *, cache_dir: Path, workers: int,
                         base_dir: Path | None, missing: Sequence[Extraction] = (),
                         limits: IngestLimits = IngestLimits(), executor: Executor | None = None) -> Planned:
    cache = ExtractionCache(cache_dir)
    # One index per collection folder, so collections sharing a cache do not overwrite each other's.
    collection = hashlib.sha256(str(base_dir).encode("utf-8")).hexdigest()[:16]
    index = StatIndex(cache_dir / "stat-index" / f"{collection}.json")
    with ThreadPoolExecutor(max_workers=max(2, workers)) as threads:  # hashing and reads release the GIL
        keys = list(threads.map(lambda m: content_key(m, limits, base_dir, index), metas))
    index.save()
    known = {i: rid for i, key in enumerate(keys) if key is not None and (rid := cache.report_id(key))}
    fresh = [i for i in range(len(metas)) if i not in known]

    first = extract_fragments([metas[i] for i in fresh], work / "fragments-new", workers=workers, limits=limits,
                              cache_dir=cache_dir, base_dir=base_dir, missing=missing, executor=executor,
                              positions=fresh, keys=[keys[i] for i in fresh])
    refs = {i: DocRef(rid, i, keys[i]) for i, rid in known.items()}
    refs |= {d.order: DocRef(d.report_id, d.order, d.key) for d in first.fragments.docs}
    docs = [_rooted(d, work / "fragments-new") for d in first.fragments.docs]
    runs = [first]
    store = segment_store(cache_dir)
    while True:  # one round, unless the cache placed a document in the wrong segment
        have = {d.order for d in docs}
        again = sorted(d.order for plan in plan_segments(list(refs.values()))
                       if not (plan.cacheable and store.has(plan.key)) for d in plan.docs if d.order not in have)
        if not again:
            break
        folder = work / f"fragments-known-{len(runs)}"
        more = extract_fragments([metas[i] for i in again], folder, workers=workers, limits=limits,
                                 cache_dir=cache_dir, base_dir=base_dir, executor=executor, positions=again,
                                 keys=[keys[i] for i in again])
        runs.append(more)
        for i in again:
            refs.pop(i)  # back below with the rows' own report id, or rejected
        refs |= {d.order: DocRef(d.report_id, d.order, d.key) for d in more.fragments.docs}
        docs += [_rooted(d, folder) for d in more.fragments.docs]
    read_back = sum(len(r.fragments.docs) for r in runs[1:])
    run = FragmentRun(
        fragments=FragmentSet.of(work, docs, frozenset().union(*(r.fragments.nulls for r in runs))),
        rejected=tuple(sorted((x for r in runs for x in r.rejected), key=lambda x: x.source)),
        cache_hits=sum(r.cache_hits for r in runs) + len(known) - read_back,
        worker_rss_mib=max(r.worker_rss_mib for r in runs),
    )
    return Planned(run, tuple(refs.values()))


def _rooted(doc: DocFragment, root: Path) -> DocFragment:
    return doc if doc.root is not None else replace(doc, root=root)


@dataclass(frozen=True)
class Packaged:
    package: Package
    run: FragmentRun
    seconds: dict[str, float]  # "extract" and "package"


def extract_and_package(metas: Sequence[SourceMeta], missing: Sequence[Extraction], meta: DatasetMeta,
                        work: Path, *, now: str, workers: int, base_dir: Path | None, cache_dir: Path | None,
                        executor: Executor | None) -> Packaged:
    """Extract what is needed and write the package: incrementally with a cache, else in full.
    (pipeline.run_plain and the benchmark run exactly this.)"""
    t = time.perf_counter()
    refs: Sequence[DocRef] | None = None
    if cache_dir is not None:
        planned = extract_for_segments(metas, work, cache_dir=cache_dir, workers=workers, base_dir=base_dir,
                                       missing=missing, executor=executor)
        run, refs = planned.run, planned.refs
    else:
        run = extract_fragments(metas, work / "fragments", workers=workers, cache_dir=None, base_dir=base_dir,
                                missing=missing, executor=executor)
    extracted = time.perf_counter() - t
    t = time.perf_counter()
    package = build_package_streaming(run.fragments, meta, work / "package", created=now, rejected=run.rejected,
                                      executor=executor if workers > 1 else None, refs=refs,
                                      store_root=segment_store(cache_dir).root if cache_dir is not None else None)
    return Packaged(package, run, {"extract": extracted, "package": time.perf_counter() - t})
