"""bench/flows.py: a generated corpus in, printed timings out — the Prefect flow against plain library
calls (pipeline.run_plain), and Dask (2 worker processes) against threads on the extract stage.

    PYTHONPATH=src python bench/flows.py --docs 2000            # needs govpub_flows installed (pip install -e .)

Timings are printed, never asserted. While the library's stages are still contracts, it runs the
stand-in stages of tests/flows with a CPU-bound parse of --cpu-ms per document (pure Python, holding
the GIL, like the real parser), and says so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-26T00:00:00+00:00"

# Executed in this process and in every Dask worker process, so all run the same stages.
SETUP = """
import sys, time, govpub.pipeline as p
import govpub_flows.tasks, prefect.task_engine  # import once here, not inside the first timed task
if {stand_in!r}:
    sys.path.insert(0, {tests!r})
    import stand_in_stages; stand_in_stages.install()
if {cpu_ms!r} and not getattr(p, "_bench_cpu", False):
    _parse = p.parse
    def _busy_parse(document, _ms={cpu_ms!r}):
        # CPU time of this thread, not wall time: a thread waiting for the GIL accrues none, so
        # threads cannot overlap this work and processes can, as with the real parser.
        end = time.thread_time() + _ms / 1000
        n = 0
        while time.thread_time() < end:
            n += 1
        return _parse(document)
    p.parse = _busy_parse
    p._bench_cpu = True
"""


def stage_problem() -> str | None:
    from govpub.config import load_config
    from govpub.pipeline import run_plain

    with tempfile.TemporaryDirectory() as tmp:
        try:
            result = run_plain(load_config(ROOT / "examples" / "collection.yaml"), now=NOW,
                               target=str(Path(tmp) / "public"), work_dir=Path(tmp) / "work")
        except NotImplementedError:
            return "stages are still contracts"
        except Exception as exc:  # noqa: BLE001
            return f"{type(exc).__name__}: {exc}"
    return None if result.ok else "the example does not publish"


def stage_seconds(flow_run_id: Any) -> dict[str, float]:
    """Per stage, from the task runs in the API: the extract stage's wall time (first batch start to
    last batch end), "busy" (the batch tasks' summed durations: busy / extract = batches at once),
    and the build-package, validate and publish task durations."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    runs: list[Any] = []
    with get_client(sync_client=True) as client:
        while True:  # the API pages by at most 200
            page = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
                                         limit=200, offset=len(runs))
            runs += page
            if len(page) < 200:
                break
    timed = [r for r in runs if r.start_time and r.end_time]
    batches = [r for r in timed if r.name.startswith("extract-batch-")]
    out = {"extract": float("nan"), "busy": float("nan")}
    if batches:
        out["extract"] = (max(r.end_time for r in batches) - min(r.start_time for r in batches)).total_seconds()
        out["busy"] = sum((r.end_time - r.start_time).total_seconds() for r in batches)
    for r in timed:
        for name in ("build-package", "validate", "publish"):
            if r.name.startswith(name + "-"):
                out[name] = (r.end_time - r.start_time).total_seconds()
    return out


def plain_once(config_path: Path, work: Path, name: str) -> dict[str, float]:
    """pipeline.run_plain in this process (workers=1, like the threads flow's one process), streaming
    like the flow: its peak memory stays below the flow's, so the process's peak RSS is the flow's."""
    from govpub.config import load_config
    from govpub.pipeline import run_plain

    config = load_config(config_path)
    started = time.perf_counter()
    result = run_plain(config, now=NOW, target=str(work / f"{name}-public"), work_dir=work / f"{name}-work",
                       workers=1)
    done = time.perf_counter()
    assert result.ok, result.validation.summary()
    return {"total": done - started, "extract": float("nan"), "finish": float("nan")}


def peak_rss_mib() -> float:
    """This process's peak resident set so far (Linux reports KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _spin(iterations: int) -> int:
    n = 0
    for i in range(iterations):
        n += i & 7
    return n


def cpu_ceiling(iterations: int = 30_000_000) -> float:
    """What two processes can gain on this machine right now: the same pure-Python work in one
    process, then split over two (other users' load caps this below 2)."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, [1000, 1000]))  # start both processes before timing
        started = time.perf_counter()
        pool.submit(_spin, iterations).result()
        one = time.perf_counter() - started
        started = time.perf_counter()
        list(pool.map(_spin, [iterations // 2, iterations // 2]))
        two = time.perf_counter() - started
    return one / two


def flow_run(config: Path, work: Path, name: str, **options: Any) -> tuple[float, dict[str, float], str]:
    from govpub_flows.collection import run_collection_state

    started = time.perf_counter()
    state = run_collection_state(str(config), now=NOW, target=str(work / f"{name}-public"),
                                 work_dir=work / f"{name}-work", **options)
    seconds = time.perf_counter() - started
    if not state.is_completed():
        raise SystemExit(f"{name}: flow run ended {state.name}: {state.message}")
    return seconds, stage_seconds(state.state_details.flow_run_id), str(state.name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="Dask worker processes (default 2)")
    parser.add_argument("--cpu-ms", type=float, default=None,
                        help="extra pure-Python work per document in parse (default: 0 with the real stages, "
                             "10 with the stand-ins)")
    parser.add_argument("--stages", choices=("auto", "real", "stand-in"), default="auto")
    parser.add_argument("--repeat", type=int, default=2, help="plain and threads flow runs, alternating (default 2)")
    parser.add_argument("--work", type=Path, default=None, help="keep corpus and outputs here (default: a temp dir)")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="govpub-bench-flows-"))
    work.mkdir(parents=True, exist_ok=True)
    for stale in ("prefect-home", *(f"{n}-{k}" for n in ("warmup", "warm2", "dask", "dask-warm",
                                                                         *(f"{m}{i}" for m in ("plain", "threads")
                                                                           for i in range(9)))
                                                                  for k in ("public", "work"))):
        shutil.rmtree(work / stale, ignore_errors=True)  # every invocation starts cold: no cache, fresh API
    os.environ["PREFECT_HOME"] = str(work / "prefect-home")  # before Prefect is imported
    os.environ.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", PREFECT_LOGGING_LEVEL="WARNING")

    problem = stage_problem() if args.stages == "auto" else None
    stand_in = args.stages == "stand-in" or (args.stages == "auto" and problem is not None)
    cpu_ms = args.cpu_ms if args.cpu_ms is not None else (10.0 if stand_in else 0.0)
    setup = SETUP.format(stand_in=stand_in, tests=str(ROOT / "tests" / "flows"), cpu_ms=cpu_ms)
    started = time.perf_counter()
    import prefect  # noqa: F401

    import_s = time.perf_counter() - started
    exec(setup, {})  # noqa: S102 - our own constant code, see SETUP

    from govpub.generate import VARIANTS, generate_corpus

    forms: tuple[str, ...] = ("txt",) if stand_in else VARIANTS
    corpus = work / "corpus"
    if not corpus.exists():
        # The stand-in discover reads .txt only; the real stages get every form the generator writes.
        generate_corpus(corpus / "reports", docs=args.docs, seed=1, variants=forms)
    config = work / "collection.yaml"
    text = (ROOT / "examples" / "collection.yaml").read_text(encoding="utf-8")
    config.write_text(text.replace("  - reports/", f"  - {corpus / 'reports'}"), encoding="utf-8")
    tiny = work / "tiny"
    if not tiny.exists():
        generate_corpus(tiny / "reports", docs=1, seed=2, variants=("txt",))
    tiny_config = work / "tiny.yaml"
    tiny_config.write_text(text.replace("  - reports/", f"  - {tiny / 'reports'}"), encoding="utf-8")
    warm = work / "warm"
    if not warm.exists():  # every form, so each Dask worker loads every reader and extractor once
        generate_corpus(warm / "reports", docs=12, seed=3, variants=forms)
    warm_config = work / "warm.yaml"
    warm_config.write_text(text.replace("  - reports/", f"  - {warm / 'reports'}"), encoding="utf-8")

    rows: list[tuple[str, str]] = []
    stages = f"stand-in stages ({problem or 'forced'}), parse +{cpu_ms:g} ms CPU/doc" if stand_in else \
        f"real stages{f', parse +{cpu_ms:g} ms CPU/doc' if cpu_ms else ''}"
    print(f"# bench/flows.py — {args.docs} documents, batch size {args.batch_size}, {stages}")
    print(f"# {platform.python_version()} on {os.cpu_count()} cores, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
          f"load average {os.getloadavg()[0]:.2f}")

    warm_s, _, _ = flow_run(tiny_config, work, "warmup", batch_size=args.batch_size)
    rows.append(("prefect import", f"{import_s:.2f} s"))
    rows.append(("first flow run, 1 document (ephemeral API start-up)", f"{warm_s:.2f} s"))
    small_s, _, _ = flow_run(tiny_config, work, "warm2", batch_size=args.batch_size)
    rows.append(("second flow run, 1 document (per-run floor)", f"{small_s:.2f} s"))

    # Plain and flow alternate, `--repeat` times each, every run on fresh output folders; the
    # minimum of each is the least disturbed by other users of the machine.
    plains: list[dict[str, float]] = []
    flows: list[tuple[float, dict[str, float]]] = []
    for i in range(args.repeat):
        plains.append(plain_once(config, work, f"plain{i}"))
        rss_plain = peak_rss_mib()
        seconds, stages_s, _ = flow_run(config, work, f"threads{i}", batch_size=args.batch_size)
        rows.append((f"peak RSS of this process after plain{i} / after flow threads{i}",
                     f"{rss_plain:.0f} MiB / {peak_rss_mib():.0f} MiB"))
        flows.append((seconds, stages_s))
    plain_s = min(p["total"] for p in plains)
    threads_s, threads = min(flows, key=lambda f: f[0])
    threads_extract = threads["extract"]
    all_plain = ", ".join(f"{p['total']:.1f}" for p in plains)
    all_flow = ", ".join(f"{f[0]:.1f}" for f in flows)
    rows.append((f"plain run_plain (min of {args.repeat})",
                 f"{plain_s:.2f} s (workers=1, streaming); all: {all_plain}"))
    rows.append((f"flow, threads (min of {args.repeat})",
                 f"{threads_s:.2f} s (extract {threads_extract:.2f} s, {threads['busy'] / threads_extract:.2f} "
                 f"batches at once; package {threads.get('build-package', 0):.2f} s, validate "
                 f"{threads.get('validate', 0):.2f} s, publish {threads.get('publish', 0):.2f} s); "
                 f"all: {all_flow}"))
    rows.append(("flow / plain", f"{threads_s / plain_s:.3f}x"))
    rows.append(("(flow - per-run floor) / plain", f"{(threads_s - small_s) / plain_s:.3f}x (goal <= 1.15x)"))
    rerun_s, _, rerun_state = flow_run(config, work, "threads0", batch_size=args.batch_size)
    rows.append(("flow re-run, unchanged documents (cached)", f"{rerun_s:.2f} s, state {rerun_state}"))

    import distributed

    started = time.perf_counter()
    with distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        client.run(exec, setup, {})
        cluster_s = time.perf_counter() - started
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        # Warm both workers the way the plain run and the first flow runs warmed this process
        # (imports, lazily loaded dictionaries and regexes), then time the real run.
        flow_run(warm_config, work, "dask-warm", batch_size=1, task_runner=address)
        # batch_size None: the flow sizes Dask batches itself (about 4 per worker)
        ceiling_before = cpu_ceiling()
        dask_s, dask, _ = flow_run(config, work, "dask", batch_size=None, task_runner=address)
        ceiling_after = cpu_ceiling()
    dask_extract, dask_busy = dask["extract"], dask["busy"]
    rows.append((f"dask LocalCluster start, {args.workers} processes", f"{cluster_s:.2f} s"))
    from govpub_flows.runners import batch_size_for

    dask_batch = batch_size_for(args.docs, args.batch_size, f"dask:{args.workers}")
    rows.append((f"flow, dask {args.workers} workers, batches of {dask_batch}",
                 f"{dask_s:.2f} s (extract stage {dask_extract:.2f} s, {dask_busy / dask_extract:.2f} batches at once)"))
    rows.append(("extract stage: threads / dask", f"{threads_extract / dask_extract:.2f}x faster (goal >= 1.6x)"))
    rows.append(("machine ceiling: 2 processes / 1, plain Python", f"{ceiling_before:.2f}x before the dask run, "
                                                                   f"{ceiling_after:.2f}x after"))

    rows.append(("load average (1, 5, 15 min) at the end", ", ".join(f"{x:.2f}" for x in os.getloadavg())))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key.ljust(width)}  {value}")
    print(json.dumps({"docs": args.docs, "plain_s": plain_s, "plain_all": [p["total"] for p in plains],
                      "flow_threads_s": threads_s, "flow_all": [f[0] for f in flows], "flow_floor_s": small_s,
                      "flow_over_plain": threads_s / plain_s, "threads_extract_s": threads_extract,
                      "dask_extract_s": dask_extract, "dask_speedup": threads_extract / dask_extract,
                      "ceiling": [ceiling_before, ceiling_after],
                      "stand_in": stand_in, "cpu_ms": cpu_ms}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
