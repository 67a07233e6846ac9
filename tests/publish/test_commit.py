"""The commit protocol on both backends: first publish, no-op re-publish, a changed package, versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govpub.errors import TerminalError
from govpub.publish import publish
from govpub.publish.layout import IMMUTABLE, SHORT
from tests.publish.helpers import assert_consistent, assert_latest_complete, snapshot, storage_for
from tests.publish.packages import MEASURES_SCHEMA, NAME, make_meta, make_package, measures

T0 = "2026-11-26T10:00:00+00:00"
T1 = "2026-11-26T11:00:00+00:00"
T2 = "2026-11-26T12:00:00+00:00"


def test_first_publish_layout(backend, tmp_path: Path) -> None:
    release = publish(make_package(tmp_path / "p"), backend.target, meta=make_meta(), now=T0,
                      s3_endpoint_url=backend.endpoint_url)
    assert (release.status, release.version, release.previous_version) == ("published", "1.0.0", None)
    storage = storage_for(backend)
    keys = set(storage.list(""))
    for key in ("catalog.jsonld", "data.json", "index.html", f"{NAME}/versions.json",
                f"{NAME}/1.0.0/manifest.json", f"{NAME}/1.0.0/CHANGELOG.md", f"{NAME}/1.0.0/changes.json",
                f"{NAME}/1.0.0/index.html", f"{NAME}/1.0.0/README.md", f"{NAME}/1.0.0/data/measures.parquet",
                f"{NAME}/latest/datapackage.json", f"{NAME}/latest/data/measures.csv"):
        assert key in keys, key
    assert not any(k.endswith(".claim.json") for k in keys)
    assert assert_consistent(storage, NAME) == ["1.0.0"]
    assert assert_latest_complete(storage, NAME) == "1.0.0"
    dp = json.loads(storage.get(f"{NAME}/1.0.0/datapackage.json").data)  # type: ignore[union-attr]
    assert (dp["version"], dp["created"]) == ("1.0.0", T0)
    versions = json.loads(storage.get(f"{NAME}/versions.json").data)  # type: ignore[union-attr]
    assert versions["latest"] == "1.0.0"
    assert versions["title"] == {"zh": "巡察整改进展情况", "en": "Inspection reports"}
    assert versions["versions"][0]["rows"] == {"measures": 3, "reports": 1}
    assert sorted(release.files) == sorted(k.split("/1.0.0/")[1] for k in keys if "/1.0.0/" in k)


def test_object_metadata_on_s3(s3_server, tmp_path: Path) -> None:
    bucket = s3_server.new_bucket("govpub-meta")
    publish(make_package(tmp_path / "p"), f"s3://{bucket}/r", meta=make_meta(), now=T0,
            s3_endpoint_url=s3_server.endpoint_url)
    client = s3_server.client()

    def head(key: str) -> dict:  # type: ignore[type-arg]
        return client.head_object(Bucket=bucket, Key=f"r/{key}")  # type: ignore[no-any-return]

    assert head(f"{NAME}/1.0.0/data/measures.csv")["ContentType"] == "text/csv; charset=utf-8"
    assert head(f"{NAME}/1.0.0/data/measures.csv")["CacheControl"] == IMMUTABLE
    assert head(f"{NAME}/1.0.0/manifest.json")["CacheControl"] == IMMUTABLE
    assert head(f"{NAME}/latest/data/measures.csv")["CacheControl"] == SHORT
    assert head(f"{NAME}/versions.json")["CacheControl"] == SHORT
    assert head("catalog.jsonld")["ContentType"] == "application/ld+json; charset=utf-8"
    assert head("index.html")["ContentType"] == "text/html; charset=utf-8"
    assert head(f"{NAME}/1.0.0/README.md")["ContentType"] == "text/markdown; charset=utf-8"


def test_republish_unchanged_writes_nothing(backend, tmp_path: Path) -> None:
    package = make_package(tmp_path / "p")
    publish(package, backend.target, meta=make_meta(), now=T0, s3_endpoint_url=backend.endpoint_url)
    storage = storage_for(backend)
    before = snapshot(storage)
    # A fresh build of the same data (new folder, same bytes) at a later time.
    again = publish(make_package(tmp_path / "q"), backend.target, meta=make_meta(), now=T1,
                    s3_endpoint_url=backend.endpoint_url)
    assert (again.status, again.version) == ("unchanged", "1.0.0")
    assert snapshot(storage) == before


@pytest.mark.parametrize("parquet_resources", [False, True])
def test_changed_rows_make_a_minor_release_with_changelog(backend, tmp_path: Path, parquet_resources: bool) -> None:
    publish(make_package(tmp_path / "p", parquet_resources=parquet_resources), backend.target, meta=make_meta(),
            now=T0, s3_endpoint_url=backend.endpoint_url)
    rows = measures(4)[1:]  # r1-m1 removed, r1-m4 added
    rows[0] = {**rows[0], "summary": "二是改过的措施"}  # r1-m2 changed
    release = publish(make_package(tmp_path / "q", measure_rows=rows, parquet_resources=parquet_resources),
                      backend.target, meta=make_meta(), now=T1, s3_endpoint_url=backend.endpoint_url)
    assert (release.status, release.version, release.previous_version) == ("published", "1.1.0", "1.0.0")
    storage = storage_for(backend)
    changes = json.loads(storage.get(f"{NAME}/1.1.0/changes.json").data)  # type: ignore[union-attr]
    assert changes["version"] == "1.1.0" and changes["previous"] == "1.0.0"
    assert changes["tables"]["measures"] == {"added": 1, "removed": 1, "changed": 1}
    assert changes["tables"]["reports"] == {"added": 0, "removed": 0, "changed": 0}
    assert changes["schema_changes"] == []
    log = storage.get(f"{NAME}/1.1.0/CHANGELOG.md").data.decode()  # type: ignore[union-attr]
    assert "## 1.1.0 (2026-11-26)" in log and "## 1.0.0" in log
    assert log.index("## 1.1.0") < log.index("## 1.0.0")
    assert "`measures`：新增 1 行，删除 1 行，修改 1 行" in log
    assert "`measures`: 1 rows added, 1 removed, 1 changed" in log
    assert assert_consistent(storage, NAME) == ["1.1.0", "1.0.0"]
    assert assert_latest_complete(storage, NAME) == "1.1.0"
    versions = json.loads(storage.get(f"{NAME}/versions.json").data)  # type: ignore[union-attr]
    assert [v["version"] for v in versions["versions"]] == ["1.1.0", "1.0.0"]


def test_breaking_schema_is_major_and_metadata_only_is_patch(backend, tmp_path: Path) -> None:
    publish(make_package(tmp_path / "p"), backend.target, meta=make_meta(), now=T0,
            s3_endpoint_url=backend.endpoint_url)
    meta_only = publish(make_package(tmp_path / "p2"), backend.target, meta=make_meta(title_en="Inspection notices"),
                        now=T1, s3_endpoint_url=backend.endpoint_url)
    assert (meta_only.status, meta_only.version) == ("published", "1.0.1")
    schema = {**MEASURES_SCHEMA, "fields": [f for f in MEASURES_SCHEMA["fields"] if f["name"] != "ordinal"]}
    rows = [{k: v for k, v in r.items() if k != "ordinal"} for r in measures(3)]
    breaking = publish(make_package(tmp_path / "q", measure_rows=rows, measures_schema=schema), backend.target,
                       meta=make_meta(title_en="Inspection notices"), now=T2, s3_endpoint_url=backend.endpoint_url)
    assert (breaking.status, breaking.version) == ("published", "2.0.0")
    changes = json.loads(storage_for(backend).get(f"{NAME}/2.0.0/changes.json").data)  # type: ignore[union-attr]
    assert changes["schema_changes"][0]["change"] == "breaking"
    assert changes["schema_changes"][0]["fields_removed"] == ["ordinal"]


def test_published_versions_are_never_overwritten(backend, tmp_path: Path) -> None:
    """Property 1: later publishes add files; every byte of an earlier version stays as it was."""
    publish(make_package(tmp_path / "p"), backend.target, meta=make_meta(), now=T0,
            s3_endpoint_url=backend.endpoint_url)
    storage = storage_for(backend)
    v1 = {k: h for k, h in snapshot(storage).items() if f"{NAME}/1.0.0/" in k}
    publish(make_package(tmp_path / "q", measure_rows=measures(5)), backend.target, meta=make_meta(), now=T1,
            s3_endpoint_url=backend.endpoint_url)
    publish(make_package(tmp_path / "r", measure_rows=measures(6)), backend.target, meta=make_meta(), now=T2,
            s3_endpoint_url=backend.endpoint_url)
    after = snapshot(storage)
    assert {k: after[k] for k in v1} == v1
    # And the storage refuses to replace a version file even if asked to create it again.
    from govpub.publish.storage import PreconditionFailed

    with pytest.raises(PreconditionFailed):
        storage.put(f"{NAME}/1.0.0/data/measures.csv", b"x", content_type="text/csv", cache_control=IMMUTABLE,
                    if_none_match=True)


def test_version_folder_without_manifest_does_not_exist(backend, tmp_path: Path) -> None:
    """Property 2: files without a commit marker are invisible to readers and reused by the next run."""
    storage = storage_for(backend)
    publish(make_package(tmp_path / "p"), backend.target, meta=make_meta(), now=T0,
            s3_endpoint_url=backend.endpoint_url)
    storage.put(f"{NAME}/1.1.0/data/measures.csv", b"half", content_type="text/csv", cache_control=IMMUTABLE)
    from govpub.publish.reader import committed_versions

    assert committed_versions(storage, NAME) == ["1.0.0"]
    release = publish(make_package(tmp_path / "q", measure_rows=measures(4)), backend.target, meta=make_meta(),
                      now=T1, s3_endpoint_url=backend.endpoint_url)
    assert release.version == "1.1.0"
    assert assert_consistent(storage, NAME) == ["1.1.0", "1.0.0"]


def test_unsafe_names_are_refused(tmp_path: Path) -> None:
    from govpub.publish.storage import open_storage

    storage = open_storage(str(tmp_path))
    with pytest.raises(TerminalError):
        storage.put("../escape.txt", b"x", content_type="text/plain", cache_control=SHORT)
    with pytest.raises(TerminalError):
        storage.get("a//b")
    package = make_package(tmp_path / "p")
    with pytest.raises(TerminalError):
        publish(package, str(tmp_path / "out"), meta=make_meta("other-name"), now=T0)
    assert not (tmp_path.parent / "escape.txt").exists()


def _orphan(storage, version: str, *, content_hash: str, created: str = T0) -> None:  # type: ignore[no-untyped-def]
    """What a publisher of other content leaves when it dies after claiming and uploading one file."""
    from govpub.publish.commit import Claim

    claim = Claim("dead-publisher", content_hash, "m", created, {"data/measures.csv": "0" * 64})
    storage.put(f"{NAME}/{version}/.claim.json", claim.to_bytes(), content_type="application/json",
                cache_control="no-store", if_none_match=True)
    storage.put(f"{NAME}/{version}/data/measures.csv", b"orphan", content_type="text/csv", cache_control=IMMUTABLE,
                if_none_match=True)
    storage.put(f"{NAME}/{version}/data/extra.csv", b"orphan", content_type="text/csv", cache_control=IMMUTABLE,
                if_none_match=True)


def test_a_live_claim_for_other_content_makes_us_wait_then_conflict(backend, tmp_path: Path) -> None:
    from govpub.errors import PublishConflict
    from govpub.publish.commit import publish_to

    storage = storage_for(backend)
    _orphan(storage, "1.0.0", content_hash="other")
    with pytest.raises(PublishConflict, match="being published by another run"):
        publish_to(storage, make_package(tmp_path / "p"), meta=make_meta(), now=T0, wait_seconds=0.3)
    assert storage.get(f"{NAME}/1.0.0/data/measures.csv").data == b"orphan"  # type: ignore[union-attr]


def test_a_stale_claim_is_broken_and_its_orphans_cleaned(backend, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from govpub.publish import commit

    storage = storage_for(backend)
    _orphan(storage, "1.0.0", content_hash="other")
    monkeypatch.setattr(commit, "CLAIM_LEASE_SECONDS", 0.0)  # every claim is past its lease
    release = commit.publish_to(storage, make_package(tmp_path / "p"), meta=make_meta(), now=T0, wait_seconds=5)
    assert (release.status, release.version) == ("published", "1.0.0")
    keys = set(storage.list(f"{NAME}/1.0.0/"))
    assert f"{NAME}/1.0.0/data/extra.csv" not in keys and f"{NAME}/1.0.0/.claim.json" not in keys
    assert assert_consistent(storage, NAME) == ["1.0.0"]


def test_storage_reports_object_age(backend) -> None:  # type: ignore[no-untyped-def]
    storage = storage_for(backend)
    storage.put("x/a.json", b"{}", content_type="application/json", cache_control=SHORT)
    info = storage.get("x/a.json").info  # type: ignore[union-attr]
    assert info.age_seconds is not None and 0 <= info.age_seconds < 600


@pytest.mark.integration
def test_both_backends_write_the_same_layout_and_bytes(s3_server, tmp_path: Path) -> None:
    from govpub.publish.storage import open_storage

    bucket = s3_server.new_bucket("govpub-same-layout")
    targets = {"local": (str(tmp_path / "public"), None), "s3": (f"s3://{bucket}/p", s3_server.endpoint_url)}
    for target, endpoint in targets.values():
        publish(make_package(tmp_path / "a"), target, meta=make_meta(), now=T0, s3_endpoint_url=endpoint)
        publish(make_package(tmp_path / "b", measure_rows=measures(5)), target, meta=make_meta(), now=T1,
                s3_endpoint_url=endpoint)
    local = snapshot(open_storage(targets["local"][0]))
    remote = snapshot(open_storage(targets["s3"][0], s3_endpoint_url=s3_server.endpoint_url))
    assert local == remote
    assert "catalog.jsonld" in local and f"{NAME}/1.1.0/manifest.json" in local
