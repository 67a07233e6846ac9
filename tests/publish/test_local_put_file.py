"""LocalStorage.put_file streams a file in with put's conditions; head hashes without loading."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from govpub.publish.local import LocalStorage
from govpub.publish.storage import PreconditionFailed


def test_put_file_equals_put_and_keeps_create_only(tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    data = b"id,text\r\n" + b"".join(f"{i},\xe4\xb8\xad{i}\r\n".encode() for i in range(300_000))
    source.write_bytes(data)
    store = LocalStorage(tmp_path / "target")
    info = store.put_file("ds/1.0.0/data/big.csv", source, content_type="text/csv", cache_control="x",
                          if_none_match=True)
    digest = hashlib.sha256(data).hexdigest()
    assert (info.size, info.sha256, info.etag) == (len(data), digest, digest)
    assert store.local_path("ds/1.0.0/data/big.csv").read_bytes() == data
    head = store.head("ds/1.0.0/data/big.csv")
    assert head is not None and (head.size, head.sha256) == (len(data), digest)
    with pytest.raises(PreconditionFailed):
        store.put_file("ds/1.0.0/data/big.csv", source, content_type="text/csv", cache_control="x",
                       if_none_match=True)
    with pytest.raises(PreconditionFailed):
        store.put_file("ds/1.0.0/data/big.csv", source, content_type="text/csv", cache_control="x", if_match="0" * 64)
    # The target is a hard link to `source`: a writer must give the name a new inode (unlink or
    # temp + replace), never write into it, or it would change the published bytes.
    source.unlink()
    source.write_bytes(b"changed")
    assert store.local_path("ds/1.0.0/data/big.csv").read_bytes() == data
    store.put_file("ds/1.0.0/data/big.csv", source, content_type="text/csv", cache_control="x", if_match=digest)
    assert store.local_path("ds/1.0.0/data/big.csv").read_bytes() == b"changed"
    assert sorted(store.list("ds/")) == ["ds/1.0.0/data/big.csv"]  # no temp file left behind
    assert store.head("ds/1.0.0/data/missing.csv") is None


def test_a_copy_that_does_not_hash_as_expected_never_becomes_visible(tmp_path: Path) -> None:
    from govpub.errors import PublishConflict

    source = tmp_path / "a.csv"
    source.write_bytes(b"id\r\n1\r\n")
    store = LocalStorage(tmp_path / "target")
    with pytest.raises(PublishConflict):
        store.put_file("ds/latest/a.csv", source, content_type="text/csv", cache_control="x", expect_sha256="0" * 64)
    assert list(store.list("ds/")) == []
    good = hashlib.sha256(b"id\r\n1\r\n").hexdigest()
    info = store.put_file("ds/latest/a.csv", source, content_type="text/csv", cache_control="x", expect_sha256=good)
    assert info.sha256 == good and store.local_path("ds/latest/a.csv").read_bytes() == b"id\r\n1\r\n"
