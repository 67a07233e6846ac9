"""Fixtures of the flow tests: an isolated Prefect (home, ephemeral API), stages, a small collection."""

from __future__ import annotations

import os
import re
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# Before anything imports Prefect: offline, and a PREFECT_HOME of our own so that result storage,
# cache records and the ephemeral database of this session never touch the user's ~/.prefect.
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="govpub-flows-tests-prefect-home-")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

# The test modules import this module's helpers as `flows_conftest`: the bare name `conftest` is
# whichever conftest.py pytest loaded last, tests/package's when both folders are on the command line.
sys.modules.setdefault("flows_conftest", sys.modules[__name__])

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests" / "fixtures" / "000_5e2350e4989e1303.txt"
EXAMPLE_CONFIG = REPO / "examples" / "collection.yaml"
NUMBER = re.compile(r"\d+")  # "2024年4月8日" -> numbers to vary between documents


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on now (for the servers a test starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than a few seconds (still run in CI)")
    config.addinivalue_line("markers", "integration: starts a real server (PostgreSQL, Prefect) on 127.0.0.1")


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """Prefect's ephemeral API on a temporary database, for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def _real_stages_work() -> str | None:
    """None when the library's stages run the example collection end to end; else why not."""
    from govpub.config import load_config
    from govpub.pipeline import run_plain

    with tempfile.TemporaryDirectory() as tmp:
        try:
            result = run_plain(load_config(EXAMPLE_CONFIG), now="2026-01-01T00:00:00+00:00",
                               target=str(Path(tmp) / "public"), work_dir=Path(tmp) / "work")
        except NotImplementedError:
            return "some stages are still contracts (NotImplementedError)"
        except Exception as exc:  # noqa: BLE001 - any failure means: not usable for flow tests yet
            return f"the stages fail on the example: {type(exc).__name__}: {exc}"
    return None if result.ok else "the stages do not publish the example collection"


@pytest.fixture(scope="session")
def stage_kind() -> str:
    forced = os.environ.get("GOVPUB_FLOW_TESTS_STAGES")  # "real" or "stand-in", to pin the choice
    if forced:
        return forced
    return "real" if _real_stages_work() is None else "stand-in"


@pytest.fixture
def stages(stage_kind: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The stages the flow calls: the library's when they work, else tests/flows/stand_in_stages.py."""
    if stage_kind == "stand-in":
        from stand_in_stages import install

        install(monkeypatch.setattr)
    return stage_kind


def variant(text: str, n: int) -> str:
    """The seed with every number shifted by n: same structure, different content."""
    return NUMBER.sub(lambda m: str(int(m.group()) + n), text)


@dataclass(frozen=True)
class Collection:
    root: Path
    config: Path
    reports: Path
    target: Path
    work: Path
    names: tuple[str, ...]


def make_collection(root: Path, documents: int) -> Collection:
    reports = root / "reports"
    reports.mkdir(parents=True)
    seed = SEED.read_text(encoding="utf-8")
    names = []
    for i in range(documents):
        name = f"{i:03d}_variant.txt"
        (reports / name).write_text(variant(seed, i), encoding="utf-8")
        names.append(name)
    config = root / "collection.yaml"
    shutil.copy(EXAMPLE_CONFIG, config)  # its sources: [reports/], relative to the config
    return Collection(root=root, config=config, reports=reports, target=root / "public", work=root / "work",
                      names=tuple(names))


@pytest.fixture
def collection(tmp_path: Path) -> Collection:
    return make_collection(tmp_path, documents=3)


def task_runs(flow_run_id: Any) -> list[Any]:
    """The flow run's task runs, read back from the API."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        return list(client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))))


def state_names(task_run_id: Any) -> list[str]:
    """Every state a task run went through, oldest first."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        states = client.read_task_run_states(task_run_id)
    return [str(s.name) for s in sorted(states, key=lambda s: s.timestamp)]
