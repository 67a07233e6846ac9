"""The flow's plain parts without a flow run: cache keys, batch files, retry rule, runners, report, env."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import govpub
from govpub.errors import ConfigError, RejectedInput, TransientError
from govpub.ingest import SourceMeta
from govpub.pipeline import RunResult
from govpub.publish import Release
from govpub.records import Rejected
from govpub.validate import ValidationError, ValidationReport


def metas_in(folder: Path, *texts: str) -> list[SourceMeta]:
    out = []
    for i, text in enumerate(texts):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
        out.append(SourceMeta(uri=f"{i}.txt", name=f"{i}.txt"))
    return out


def test_batch_key_follows_content_metadata_and_parser_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govpub_flows.caching import batch_key

    store = tmp_path / "store"
    metas = metas_in(tmp_path, "一、甲。", "二、乙。")
    key = batch_key(metas, base_dir=tmp_path, store=store)
    assert key is not None and key == batch_key(metas, base_dir=tmp_path, store=store)
    (tmp_path / "1.txt").write_text("二、丙。", encoding="utf-8")
    changed = batch_key(metas, base_dir=tmp_path, store=store)
    assert changed not in (None, key)
    titled = [metas[0], dataclasses.replace(metas[1], title="新标题")]
    assert batch_key(titled, base_dir=tmp_path, store=store) not in (None, changed)
    monkeypatch.setattr(govpub, "PARSER_VERSION", "999")
    assert batch_key(metas, base_dir=tmp_path, store=store) not in (None, changed)


def test_batches_whose_content_is_unknown_are_not_cached(tmp_path: Path) -> None:
    from govpub_flows.caching import batch_key, fingerprint

    local = metas_in(tmp_path, "一、甲。")
    for uri in ("https://www.szss.gov.cn/a.html", "http://127.0.0.1:9/a.txt", "missing.txt"):
        assert batch_key(local + [SourceMeta(uri=uri, name="a")], base_dir=tmp_path, store=tmp_path) is None

    class Unreachable:
        def head_object(self, **kwargs: str) -> dict[str, str]:
            raise ConnectionError("S3 is down")

    s3 = SourceMeta(uri="s3://inbox/a.txt", name="a.txt")
    assert fingerprint(s3, tmp_path, s3_client=Unreachable()) is None  # the batch runs, with its retries
    assert fingerprint(s3, tmp_path) is None


def test_batch_fragments_are_written_whole_and_combined_in_run_order(tmp_path: Path) -> None:
    from govpub_flows.store import UNCACHED_PREFIX, batch_root, combine, extract_to, is_complete

    seed = (Path(__file__).resolve().parents[1] / "fixtures" / "000_5e2350e4989e1303.txt").read_text("utf-8")
    def absolute(folder: Path, *texts: str) -> list[SourceMeta]:  # as discover gives them
        return [dataclasses.replace(m, uri=str(folder / m.uri)) for m in metas_in(folder, *texts)]

    first = absolute(tmp_path, seed, "")  # the empty document is rejected at ingest
    store = tmp_path / "store"
    a = extract_to(batch_root(store, "k1"), first, base_dir=tmp_path)
    assert a.root == store / "k1" and is_complete(a.root)
    assert sorted(p.name for p in store.iterdir()) == ["k1"]  # no temp folders left
    assert [r.source for r in a.result.rejected] == [str(tmp_path / "1.txt")]
    assert [d.order for d in a.result.docs] == [0]
    later = tmp_path / "later"
    later.mkdir()
    second = absolute(later, seed)
    b = extract_to(batch_root(store, None), second, base_dir=later)
    assert b.root.name.startswith(UNCACHED_PREFIX) and is_complete(b.root)

    fragments, rejected = combine([(a, first), (b, second)],
                                  missing=(Rejected("gone.txt", "discover", "no such file"),))
    assert [r.source for r in rejected] == sorted([str(tmp_path / "1.txt"), "gone.txt"])
    # the same report id twice: source order breaks the tie, the second batch's document counts from 2
    assert [(d.root, d.order) for d in fragments.docs] == [(a.root, 0), (b.root, 2)]
    reports = [c for c in fragments.chunks("reports")]
    assert sum(c.num_rows for c in reports) == 2 == fragments.row_count("reports")

    (a.root / "b000000.reports.arrow").unlink()
    assert not is_complete(a.root)
    again = extract_to(a.root, first, base_dir=tmp_path)  # an incomplete folder is replaced, not trusted
    assert is_complete(again.root) and (again.result.docs, again.result.rejected) == (a.result.docs, a.result.rejected)


def test_only_transient_errors_are_retried() -> None:
    from govpub_flows.retry import RETRY_DELAYS, is_transient
    from prefect.states import Completed, Failed

    assert is_transient(None, None, Failed(data=TransientError("503", stage="ingest")))
    assert not is_transient(None, None, Failed(data=RejectedInput("not a report", stage="parse")))
    assert not is_transient(None, None, Failed(data=RuntimeError("bug")))
    assert not is_transient(None, None, Completed(data=1))
    assert RETRY_DELAYS == [1, 2, 4, 8]  # exponential


@pytest.mark.parametrize("spec, kind", [
    ("threads", "ThreadPoolTaskRunner"), ("", "ThreadPoolTaskRunner"), ("dask", "DaskTaskRunner"),
    ("dask:3", "DaskTaskRunner"), ("dask://127.0.0.1:8786", "DaskTaskRunner"),
])
def test_task_runner_names(spec: str, kind: str) -> None:
    from govpub_flows.runners import build_task_runner

    assert type(build_task_runner(spec)).__name__ == kind


def test_task_runner_settings() -> None:
    from govpub_flows.runners import DEFAULT_THREADS, build_task_runner

    assert build_task_runner("threads")._max_workers == DEFAULT_THREADS  # type: ignore[attr-defined]
    assert build_task_runner("threads:16")._max_workers == 16  # type: ignore[attr-defined]
    local = build_task_runner("dask:3")
    assert local.cluster_kwargs["n_workers"] == 3 and local.cluster_kwargs["processes"] is True  # type: ignore[attr-defined]
    assert local.cluster_kwargs["threads_per_worker"] == 1  # type: ignore[attr-defined]
    assert build_task_runner("dask", cpu_count=2).cluster_kwargs["n_workers"] == 2  # type: ignore[attr-defined]
    assert build_task_runner("dask://10.0.0.5:8786").address == "tcp://10.0.0.5:8786"  # type: ignore[attr-defined]


@pytest.mark.parametrize("spec", ["processes", "dask:0", "dask://host", "dask://a b:1", "threads;rm", "threads:0"])
def test_unknown_task_runners_are_config_errors(spec: str) -> None:
    from govpub_flows.runners import build_task_runner

    with pytest.raises(ConfigError, match="task runner"):
        build_task_runner(spec)


def _result(release: Release | None, errors: tuple[ValidationError, ...] = ()) -> RunResult:
    return RunResult(sources=2, rejected=(Rejected("a|b<script>.txt", "parse", "no `sections` | [x](y)"),
                                          Rejected("gone/", "discover", "no such file or folder")),
                     row_counts={"reports": 1, "sections": 5},
                     validation=ValidationReport(valid=not errors, errors=errors, rows_checked=6), release=release)


def test_the_markdown_report_escapes_document_text_and_names_the_release() -> None:
    from govpub_flows.report import markdown_report, release_urls

    from govpub.config import load_config

    meta = load_config(Path(__file__).resolve().parents[2] / "examples" / "collection.yaml").dataset
    release = Release(dataset=meta.name, status="published", version="1.2.0", target="/srv/pub",
                      location=f"/srv/pub/{meta.name}/1.2.0/", latest=f"/srv/pub/{meta.name}/latest/",
                      previous_version="1.1.0")
    text = markdown_report(_result(release), meta, now="2026-11-26T00:00:00+00:00", task_runner="threads")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "a\\|b" in text and "\\[x\\]\\(y\\)" in text  # table cells stay one cell, no injected link
    assert "2 read, 2 rejected" in text and "| sections | 5 |" in text
    assert "version **1.2.0** (previous: 1.1.0)" in text
    assert f"/srv/pub/{meta.name}/1.2.0/datapackage.json" in text
    public = release_urls(release, dataclasses.replace(meta, base_url="https://data.example.org/open/"))
    assert public["latest"] == f"https://data.example.org/open/{meta.name}/latest/datapackage.json"


def test_validation_rows_defuse_formulas() -> None:
    from govpub_flows.report import validation_rows

    errors = (ValidationError("constraint-error", "figures", 3, "value", "=1+1"),
              ValidationError("foreign-key", "measures", None, None, "@SUM(A1)"))
    rows = validation_rows(_result(None, errors))
    assert rows[0] == {"type": "constraint-error", "table": "figures", "row": "3", "field": "value",
                       "message": "'=1+1"}
    assert rows[1]["message"] == "'@SUM(A1)" and rows[1]["row"] == ""


def test_final_state_names() -> None:
    from govpub_flows.collection import final_state

    base = dict(dataset="d", version="1.0.0", target="t", location="t/d/1.0.0/", latest="t/d/latest/")
    published = Release(status="published", **base)  # type: ignore[arg-type]
    unchanged = Release(status="unchanged", **base)  # type: ignore[arg-type]
    ok = dataclasses.replace(_result(published), rejected=())
    assert final_state(ok, strict=True).name == "Published"
    assert final_state(dataclasses.replace(ok, release=unchanged), strict=False).name == "Unchanged"
    assert final_state(_result(published), strict=False).is_completed()
    assert final_state(_result(published), strict=True).name == "Rejected"
    invalid = final_state(_result(None, (ValidationError("primary-key", "reports", 1, "report_id", "dup"),)),
                          strict=False)
    assert invalid.is_failed() and invalid.name == "Invalid"


def test_offline_defaults_do_not_override_the_user() -> None:
    from govpub_flows.env import ensure_offline

    env = {"DO_NOT_TRACK": "0"}
    ensure_offline(env)
    assert env == {"DO_NOT_TRACK": "0", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def test_dask_batches_grow_so_each_worker_gets_about_four() -> None:
    from govpub_flows.runners import batch_size_for, process_workers

    assert process_workers("threads") == 1 and process_workers("dask:3") == 3
    assert process_workers("dask", cpu_count=2) == 2 and process_workers("dask://h:1", cpu_count=8) == 8
    assert batch_size_for(2000, 50, "threads") == 50  # threads: as configured (cache and progress grain)
    assert batch_size_for(2000, 50, "dask:2") == 250
    assert batch_size_for(2001, 50, "dask:2") == 251
    assert batch_size_for(100, 50, "dask:2") == 50  # never below the configured size
