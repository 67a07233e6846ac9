"""`govpub bench`: corpus sizes in, measured throughput, stage times, memory and accuracy out.

Each measurement runs in a fresh child process so that its peak RSS is its own and no
warm state leaks between runs. Timings are printed, never asserted.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from govpub import incremental
from govpub.defaults import default_config
from govpub.fragment_extract import default_workers, worker_pool
from govpub.pipeline import discover_all
from govpub.publish import publish
from govpub.validate import validate_package


@dataclass
class RunMeasure:
    docs: int
    target: str
    seconds: float
    stages: dict[str, float]
    peak_rss_mib: float
    rows: dict[str, int]
    rejected: int
    release_status: str | None
    cache_hits: int = 0
    validation_rows: int = 0
    validation_seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0


def measure_run(corpus: Path, target: str, *, cache_dir: Path | None, work_dir: Path,
                s3_endpoint_url: str | None = None, now: str = "2026-01-01T00:00:00+00:00",
                workers: int | None = None) -> RunMeasure:
    """One whole run, stage by stage, with the functions pipeline.run_plain calls. Ingest, parse
    and extract run together in the worker processes: their wall time is reported as "extract"."""
    config = default_config(base_dir=corpus)
    stages = dict.fromkeys(("discover", "ingest", "parse", "extract", "package", "validate", "publish"), 0.0)
    workers = workers or default_workers()
    start = time.perf_counter()
    t = time.perf_counter()
    metas, missing = discover_all([str(corpus)], base_dir=corpus)
    stages["discover"] = time.perf_counter() - t
    with worker_pool(workers) as pool:
        staged = incremental.extract_and_package(metas, missing, config.dataset, work_dir, now=now, workers=workers, base_dir=corpus,
                               cache_dir=cache_dir, executor=pool)
    package, extracted = staged.package, staged.run
    stages.update(staged.seconds)
    t = time.perf_counter()
    report = validate_package(package, rejected=extracted.rejected, reuse_segment_checks=True)
    stages["validate"] = time.perf_counter() - t
    t = time.perf_counter()
    release = publish(package, target, meta=config.dataset, now=now, s3_endpoint_url=s3_endpoint_url) \
        if report.valid else None
    stages["publish"] = time.perf_counter() - t
    seconds = time.perf_counter() - start
    return RunMeasure(
        docs=len(metas), target=target, seconds=seconds, stages=stages,
        # Parent and workers are alive together: count every worker at the largest one's peak.
        peak_rss_mib=_peak_rss_mib() + extracted.worker_rss_mib * min(workers, len(metas)), rows=dict(package.row_counts), rejected=len(extracted.rejected),
        release_status=release.status if release else "invalid: " + report.summary()[:200],
        cache_hits=extracted.cache_hits, validation_rows=report.rows_checked,
        validation_seconds=stages["validate"],
        extra={"workers": workers, "parent_rss_mib": _peak_rss_mib(), "worker_rss_mib": extracted.worker_rss_mib},
    )


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


def _child(args: dict[str, Any]) -> dict[str, Any]:
    measure = measure_run(
        Path(args["corpus"]), args["target"],
        cache_dir=Path(args["cache_dir"]) if args.get("cache_dir") else None,
        work_dir=Path(args["work_dir"]), s3_endpoint_url=args.get("s3_endpoint_url"),
    )
    out = asdict(measure)
    out["docs_per_s"] = measure.docs_per_s
    return out


def run_child(**kwargs: Any) -> dict[str, Any]:
    """Run measure_run in a fresh interpreter; its last stdout line is the JSON result."""
    proc = subprocess.run(
        [sys.executable, "-m", "govpub.benchmark", json.dumps(kwargs)],
        capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def touch_one_document(corpus: Path) -> Path:
    """Change one document the way a correction does: one measure's text changes."""
    doc = sorted(p for p in corpus.glob("*.txt") if not p.name.endswith(".meta.json"))[0]
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("。", "(已更正)。", 1), encoding="utf-8")
    return doc


def fmt_table(rows: Sequence[dict[str, Any]]) -> str:
    cols = ("run", "docs", "seconds", "docs/s", "peak RSS MiB", "ingest", "parse", "extract", "package",
            "validate", "publish", "cache hits", "status")
    lines = [" | ".join(cols), " | ".join("---" for _ in cols)]
    for r in rows:
        s = r["stages"]
        lines.append(" | ".join(str(x) for x in (
            r["run"], r["docs"], f"{r['seconds']:.1f}", f"{r['docs_per_s']:.1f}", f"{r['peak_rss_mib']:.0f}",
            *(f"{s[k]:.1f}" for k in ("ingest", "parse", "extract", "package", "validate", "publish")),
            r["cache_hits"], r["release_status"])))
    return "\n".join(lines)


@contextlib.contextmanager
def local_s3_server() -> Iterator[str]:
    """An S3 server on 127.0.0.1 (moto's server mode, from the test extra) with a bench bucket."""
    import boto3
    from moto.server import ThreadedMotoServer

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket="govpub-bench")
        yield endpoint
    finally:
        server.stop()


def columnar_rows_per_s(package_dir: Path) -> tuple[float, int]:
    """Time `govpub validate` (the columnar validator reading every row) on a whole staged package,
    in a child process as frictionless is timed (this process's peak RSS is inherited by the
    children measured next): (rows/s, rows)."""
    cli = shutil.which("govpub", path=str(Path(sys.executable).parent)) or "govpub"
    out = package_dir.parent / "validate.json"
    t = time.perf_counter()
    subprocess.run([cli, "validate", str(package_dir), "--json", str(out)], capture_output=True, text=True)
    seconds = time.perf_counter() - t
    rows = int(json.loads(out.read_text(encoding="utf-8")).get("rows_checked", 0)) if out.is_file() else 0
    return rows / seconds, rows


def frictionless_rows_per_s(package_dir: Path, rows: int) -> tuple[float, bool]:
    """Time the `frictionless validate` CLI on the same staged package: the oracle's throughput."""
    cli = shutil.which("frictionless", path=str(Path(sys.executable).parent)) or "frictionless"
    t = time.perf_counter()
    proc = subprocess.run([cli, "validate", str(package_dir / "datapackage.json")], capture_output=True, text=True)
    seconds = time.perf_counter() - t
    return rows / seconds, proc.returncode == 0


def accuracy(corpus: Path, *, sample: int) -> dict[str, float]:
    """F1 per field and the worst scalar exact rate on the first `sample` documents (gold by construction)."""
    from govpub.cli.score import gold_files, score_gold
    from govpub.score import score_corpus

    golds = gold_files([corpus / "gold"])[:sample]
    total = score_corpus(score_gold(g, corpus) for g in golds)
    out = {f"{f.field} F1": f.f1 for f in total.fields}
    out["scalars exact (worst field)"] = min(s.rate for s in total.scalars)
    return out


def bench(sizes: Sequence[int], *, seed: int, work: Path, s3: bool, frictionless: bool = False,
          accuracy_sample: int = 200) -> list[dict[str, Any]]:
    from govpub.generate import generate_corpus

    results: list[dict[str, Any]] = []
    for n in sizes:
        root = work / f"n{n}"
        shutil.rmtree(root, ignore_errors=True)
        corpus = root / "corpus"
        t = time.perf_counter()
        generate_corpus(corpus, docs=n, seed=seed)
        print(f"generated {n} documents in {time.perf_counter() - t:.1f} s", flush=True)
        common = {"corpus": str(corpus), "cache_dir": str(root / "cache")}
        full = run_child(target=str(root / "public"), work_dir=str(root / "w1"), **common)
        full["run"] = f"full local {n}"
        results.append(full)
        print(fmt_table([full]), flush=True)
        # The run itself takes each segment's stored checks; the comparison with frictionless reads
        # the whole staged package, as `govpub validate FOLDER` does.
        ours, rows = columnar_rows_per_s(root / "w1" / "package")
        full["extra"]["columnar_rows_per_s"] = ours
        line = f"validation (whole package, {rows:,} rows): govpub {ours:,.0f} rows/s"
        if frictionless:
            theirs, ok = frictionless_rows_per_s(root / "w1" / "package", rows)
            full["extra"]["frictionless_rows_per_s"] = theirs
            line += f"; frictionless validate {theirs:,.0f} rows/s ({'valid' if ok else 'INVALID'}); {ours / theirs:.1f}x"
        print(line, flush=True)
        if accuracy_sample:
            full["extra"]["accuracy"] = acc = accuracy(corpus, sample=accuracy_sample)
            print(f"accuracy on {min(n, accuracy_sample)} generated documents: "
                  + ", ".join(f"{k} {v:.3f}" for k, v in acc.items()), flush=True)
        shutil.rmtree(root / "w1", ignore_errors=True)  # each work dir holds a whole package (3 GB at 10,000)
        again = run_child(target=str(root / "public"), work_dir=str(root / "w2"), **common)
        shutil.rmtree(root / "w2", ignore_errors=True)
        again["run"] = f"unchanged re-run {n}"
        results.append(again)
        touch_one_document(corpus)
        incr = run_child(target=str(root / "public"), work_dir=str(root / "w3"), **common)
        incr["run"] = f"1 changed of {n}"
        incr["extra"]["ratio_to_full"] = incr["seconds"] / full["seconds"]
        results.append(incr)
        shutil.rmtree(root / "w3", ignore_errors=True)
        if s3:
            with local_s3_server() as endpoint:
                remote = run_child(target=f"s3://govpub-bench/n{n}", work_dir=str(root / "w4"),
                                   s3_endpoint_url=endpoint, corpus=str(corpus), cache_dir=None)
            remote["run"] = f"full S3 {n}"
            results.append(remote)
            shutil.rmtree(root / "w4", ignore_errors=True)
        print(fmt_table(results[-3:] if not s3 else results[-4:]), flush=True)
    return results


if __name__ == "__main__":
    print(json.dumps(_child(json.loads(sys.argv[1]))))
