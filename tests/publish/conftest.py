"""Fixtures for publish tests: hand-written packages and the two backends (local directory, S3 on moto)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.publish.packages import make_meta

_bucket_ids = itertools.count()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than a few seconds")
    config.addinivalue_line("markers", "integration: starts a server (moto S3, http.server)")


@dataclass(frozen=True)
class Backend:
    kind: str  # "local" or "s3"
    target: str
    endpoint_url: str | None


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Backend:
    if request.param == "local":
        return Backend("local", str(tmp_path_factory.mktemp("public")), None)
    request.applymarker(pytest.mark.integration)
    server = request.getfixturevalue("s3_server")
    bucket = server.new_bucket(f"govpub-test-{next(_bucket_ids)}")
    return Backend("s3", f"s3://{bucket}/releases", server.endpoint_url)


@pytest.fixture
def meta_factory() -> Callable[..., object]:
    return make_meta
