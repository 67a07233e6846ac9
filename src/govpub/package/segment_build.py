"""Arrow fragments in, the staged package out, segment by segment: render what the store lacks, reuse the rest.

With a store (the extraction cache's `segments/` folder) a run renders only the segments whose
documents changed; without one every segment is rendered into a folder beside the package and
removed afterwards. Rendering is spread over an executor (the extraction workers) when given.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from concurrent.futures import Executor
from datetime import datetime
from pathlib import Path

from govpub.config import DatasetMeta
from govpub.package.assemble import assemble_package
from govpub.package.excel import WORKBOOK_MAX_CELLS
from govpub.package.fragments import DocFragment, FragmentSet
from govpub.package.model import Package
from govpub.package.schemas import load_schemas
from govpub.package.segment_render import Rendered, RenderJob, render_segment
from govpub.package.segments import DocRef, SegmentPlan, SegmentStore, plan_segments
from govpub.records import TABLES, Rejected


def segment_is_small(docs: Sequence[DocFragment]) -> bool:
    """Whether a segment keeps its raw rows for the workbook: decided by its own rows alone, so a
    cached segment is the same whatever package it ends up in (a small package has small segments)."""
    schemas = load_schemas()
    cells = sum(len(schemas[t]["fields"]) * (sum(d.rows.get(t, 0) for d in docs) + 1) for t in TABLES)
    return cells <= WORKBOOK_MAX_CELLS


def render_jobs(fragments: FragmentSet, plans: Sequence[SegmentPlan], store: SegmentStore) -> list[RenderJob]:
    by_order = {d.order: d for d in fragments.docs}
    jobs = []
    for plan in plans:
        if plan.cacheable and store.has(plan.key):
            continue
        docs = tuple(by_order[d.order] for d in plan.docs)
        jobs.append(RenderJob(plan.prefix, plan.key, docs, fragments.root, store.root, segment_is_small(docs)))
    return jobs


def build_segmented(fragments: FragmentSet, meta: DatasetMeta, out_dir: Path, *, created: str,
                    rejected: Sequence[Rejected] = (), store_root: Path | None = None,
                    executor: Executor | None = None, refs: Sequence[DocRef] | None = None) -> Package:
    """refs: every document of the package when `fragments` holds only those of the segments
    that must be rendered (incremental.extract_for_segments); default: the fragments' documents."""
    out_dir = Path(out_dir)
    if refs is None:
        refs = [DocRef(d.report_id, d.order, d.key) for d in fragments.docs]
    plans = plan_segments(refs)
    scratch = store_root is None
    store = SegmentStore(store_root if store_root is not None else out_dir.with_name(out_dir.name + ".segments"))
    jobs = render_jobs(fragments, plans, store)
    rendered: list[Rendered]
    if executor is not None and len(jobs) > 1:
        rendered = list(executor.map(render_segment, jobs))
    else:
        rendered = [render_segment(job) for job in jobs]
    folders = {r.prefix: r.folder for r in rendered}
    try:
        segments = [(p.prefix, folders.get(p.prefix) or store.path(p.key)) for p in plans]
        package = assemble_package(segments, meta, out_dir, created=created, rejected=rejected)
        if not scratch:
            for plan in plans:
                store.touch(plan.key)
            # The run's time, not the clock (stages never read it): a backdated run prunes nothing.
            store.prune({p.key for p in plans}, now=datetime.fromisoformat(created).timestamp())
        return package
    finally:
        # Segments that cannot be reused (no store, or a document without a content key) go.
        for job, r in zip(jobs, rendered, strict=True):
            if scratch or not job.key:
                shutil.rmtree(r.folder, ignore_errors=True)
        if scratch:
            shutil.rmtree(store.root, ignore_errors=True)
