"""Shared fixtures: an S3 server on 127.0.0.1 (moto's server mode), spoken to over HTTP with boto3; a scratch copy
of the fixture corpus."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

S3_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str

    def client(self):  # type: ignore[no-untyped-def]
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=self.endpoint_url, config=Config(s3={"addressing_style": "path"}))

    def new_bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name)
        return name


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """One moto server for the session; each test makes its own bucket. Credentials are fake and
    set in os.environ so that child processes (concurrency tests) see them too."""
    moto_server = pytest.importorskip("moto.server")
    saved = {k: os.environ.get(k) for k in S3_ENV}
    os.environ.update(S3_ENV)
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield S3Server(f"http://{host}:{port}")
    finally:
        server.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


FIXTURE_CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The fixture corpus plus an empty file (a rejection) in a scratch folder a test may change."""
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE_CORPUS, root, ignore=shutil.ignore_patterns("gold", "src", "*.py"))
    (root / "zz_empty.txt").write_bytes(b"")
    return root
