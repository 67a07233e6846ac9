"""S3 by reference: latest/ by server-side CopyObject, files streamed (one PUT or multipart with part checksums),
ranged reads; all against moto's server."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from govpub.errors import PublishConflict, TerminalError
from govpub.publish import publish, s3
from govpub.publish.layout import IMMUTABLE, SHORT
from govpub.publish.s3 import S3Storage
from govpub.publish.storage import PreconditionFailed
from tests.publish.helpers import assert_consistent, assert_latest_complete
from tests.publish.packages import NAME, make_meta, make_package, measures

pytestmark = pytest.mark.integration
T0 = "2026-11-26T10:00:00+00:00"
T1 = "2026-11-26T11:00:00+00:00"


def _store(s3_server, name: str) -> S3Storage:  # type: ignore[no-untyped-def]
    return S3Storage(s3_server.new_bucket(name), "r", endpoint_url=s3_server.endpoint_url)


def test_latest_is_a_server_side_copy_with_its_own_metadata(s3_server, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    bucket = s3_server.new_bucket("govpub-copy")
    target = f"s3://{bucket}/r"
    publish(make_package(tmp_path / "a"), target, meta=make_meta(), now=T0, s3_endpoint_url=s3_server.endpoint_url)
    calls: list[str] = []
    real_copy, real_get = S3Storage.copy, S3Storage.get

    def counting_copy(self: S3Storage, source_key: str, key: str, **kw: object) -> object:
        calls.append(key)
        return real_copy(self, source_key, key, **kw)  # type: ignore[arg-type]

    def counting_get(self: S3Storage, key: str) -> object:
        assert not (key.startswith(f"{NAME}/1.1.0/data/") or key.startswith(f"{NAME}/latest/data/")), \
            f"{key} read whole"
        return real_get(self, key)

    monkeypatch.setattr(S3Storage, "copy", counting_copy)
    monkeypatch.setattr(S3Storage, "get", counting_get)
    publish(make_package(tmp_path / "b", measure_rows=measures(5)), target, meta=make_meta(), now=T1,
            s3_endpoint_url=s3_server.endpoint_url)
    monkeypatch.undo()
    assert f"{NAME}/latest/data/measures.csv" in calls and calls[-1] == f"{NAME}/latest/datapackage.json"
    client = s3_server.client()
    head = client.head_object(Bucket=bucket, Key=f"r/{NAME}/latest/data/measures.csv", ChecksumMode="ENABLED")
    version = client.head_object(Bucket=bucket, Key=f"r/{NAME}/1.1.0/data/measures.csv")
    assert (head["CacheControl"], version["CacheControl"]) == (SHORT, IMMUTABLE)
    assert head["ContentType"] == "text/csv; charset=utf-8"
    body = client.get_object(Bucket=bucket, Key=f"r/{NAME}/latest/data/measures.csv")["Body"].read()
    assert body == (tmp_path / "b" / "data" / "measures.csv").read_bytes()
    storage = S3Storage(bucket, "r", endpoint_url=s3_server.endpoint_url)
    assert assert_latest_complete(storage, NAME) == "1.1.0"
    assert assert_consistent(storage, NAME) == ["1.1.0", "1.0.0"]


def test_copy_refuses_a_source_that_does_not_match(s3_server) -> None:  # type: ignore[no-untyped-def]
    store = _store(s3_server, "govpub-copy-bad")
    store.put("ds/1.0.0/a.csv", b"id\r\n1\r\n", content_type="text/csv", cache_control=IMMUTABLE)
    with pytest.raises(PublishConflict):
        store.copy("ds/1.0.0/a.csv", "ds/latest/a.csv", content_type="text/csv", cache_control=SHORT,
                   expect_sha256="0" * 64)
    assert store.head("ds/latest/a.csv") is None
    with pytest.raises(PublishConflict):
        store.copy("ds/1.0.0/missing.csv", "ds/latest/a.csv", content_type="text/csv", cache_control=SHORT,
                   expect_sha256="0" * 64)
    info = store.copy("ds/1.0.0/a.csv", "ds/latest/a.csv", content_type="text/csv", cache_control=SHORT,
                      expect_sha256=hashlib.sha256(b"id\r\n1\r\n").hexdigest())
    assert info.sha256 == hashlib.sha256(b"id\r\n1\r\n").hexdigest()
    assert store.get_range("ds/latest/a.csv", 0, 100) == b"id\r\n1\r\n"


def test_put_file_streams_one_put_and_multipart(s3_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(s3_server, "govpub-stream")
    small = tmp_path / "small.csv"
    small.write_bytes(b"id\r\n" + b"1\r\n" * 1000)
    info = store.put_file("ds/1.0.0/small.csv", small, content_type="text/csv", cache_control=IMMUTABLE,
                          if_none_match=True)
    head = store.head("ds/1.0.0/small.csv")
    assert head is not None and head.sha256 == info.sha256 == hashlib.sha256(small.read_bytes()).hexdigest()
    with pytest.raises(PreconditionFailed):
        store.put_file("ds/1.0.0/small.csv", small, content_type="text/csv", cache_control=IMMUTABLE,
                       if_none_match=True)
    # Multipart at test size: 5 MiB parts (S3's minimum), an 11 MiB file -> three parts.
    monkeypatch.setattr(s3, "MULTIPART_THRESHOLD", 1 << 20)
    monkeypatch.setattr(s3, "PART_BYTES", 5 << 20)
    big = tmp_path / "big.csv"
    data = b"".join(f"{i},\xe4\xb8\xad{i}\r\n".encode() for i in range(1_000_000))[: 11 << 20]
    big.write_bytes(data)
    info = store.put_file("ds/1.0.0/big.csv", big, content_type="text/csv", cache_control=IMMUTABLE,
                          if_none_match=True)
    assert info.sha256 == hashlib.sha256(data).hexdigest() and info.size == len(data)
    obj = store.get("ds/1.0.0/big.csv")
    assert obj is not None and obj.data == data
    assert (obj.info.content_type, obj.info.cache_control) == ("text/csv", IMMUTABLE)
    assert store.get_range("ds/1.0.0/big.csv", 5 << 20, 10) == data[5 << 20:(5 << 20) + 10]
    with pytest.raises(PublishConflict):
        store.put_file("ds/1.0.0/other.csv", big, content_type="text/csv", cache_control=IMMUTABLE,
                       expect_sha256="0" * 64)
    assert store.head("ds/1.0.0/other.csv") is None


def test_a_multipart_package_publishes_and_verifies_without_reading_back(s3_server, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(s3, "MULTIPART_THRESHOLD", 64 << 10)
    monkeypatch.setattr(s3, "PART_BYTES", 5 << 20)
    bucket = s3_server.new_bucket("govpub-multi")
    package = make_package(tmp_path / "a", measure_rows=measures(8000))
    assert (tmp_path / "a" / "data" / "measures.csv").stat().st_size > 64 << 10
    reads: list[str] = []
    real_get = S3Storage.get

    def counting_get(self: S3Storage, key: str) -> object:
        reads.append(key)
        return real_get(self, key)

    monkeypatch.setattr(S3Storage, "get", counting_get)
    publish(package, f"s3://{bucket}/r", meta=make_meta(), now=T0, s3_endpoint_url=s3_server.endpoint_url)
    monkeypatch.undo()
    assert not any(k.endswith("/data/measures.csv") for k in reads), reads
    storage = S3Storage(bucket, "r", endpoint_url=s3_server.endpoint_url)
    assert assert_consistent(storage, NAME) == ["1.0.0"]
    assert assert_latest_complete(storage, NAME) == "1.0.0"


def test_get_range_edges(s3_server) -> None:  # type: ignore[no-untyped-def]
    store = _store(s3_server, "govpub-range")
    store.put("ds/x.bin", bytes(range(100)), content_type="application/octet-stream", cache_control=SHORT)
    assert store.get_range("ds/x.bin", 10, 5) == bytes(range(10, 15))
    assert store.get_range("ds/x.bin", 95, 50) == bytes(range(95, 100))
    assert store.get_range("ds/x.bin", 3, 0) == b""
    with pytest.raises(TerminalError):
        store.get_range("ds/missing.bin", 0, 1)
