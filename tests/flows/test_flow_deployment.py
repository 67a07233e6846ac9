"""End to end: PostgreSQL → `prefect server start` → process work pool → `prefect deploy` (prefect.yaml)
→ `prefect worker start` → a deployment run that publishes a release. Every process is stopped after."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from flows_conftest import REPO, free_port, make_collection

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PG_BIN = Path("/usr/lib/postgresql/15/bin")
BIN = Path(sys.executable).parent  # the prefect CLI of this environment
POOL = "govpub-process"
DEPLOYMENT = "publish-collection/govpub-daily"


def as_postgres(args: list[str]) -> list[str]:
    """initdb refuses to run as root: run the cluster as the postgres user when we are root."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture
def postgres() -> Iterator[str]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL 15 is not installed at {PG_BIN}")
    folder = Path(tempfile.mkdtemp(prefix="govpub-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    subprocess.run(as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                "-E", "UTF8"]), check=True, capture_output=True, timeout=120)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
    try:
        subprocess.run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                                    str(folder / "server.log"), "-w", "-t", "60", "start"]),
                       check=True, capture_output=True, timeout=90)
        subprocess.run(as_postgres([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                                    "prefect"]), check=True, capture_output=True, timeout=60)
        yield f"postgresql+asyncpg://postgres@127.0.0.1:{port}/prefect"
    finally:
        subprocess.run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def prefect_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_UI_ENABLED="false", PREFECT_LOGGING_LEVEL="INFO", **extra)
    return env


def stop_group(proc: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """Everything we started runs in its own process group: SIGTERM the group, then SIGKILL."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"prefect server exited: {log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=5) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise AssertionError(f"prefect server not healthy in {timeout}s: {log.read_text(errors='replace')[-3000:]}")


def prefect(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 300) -> str:
    proc = subprocess.run([str(BIN / "prefect"), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)
    assert proc.returncode == 0, f"prefect {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


RUN_DEPLOYMENT = """
import json, sys
from prefect.deployments import run_deployment
run = run_deployment(sys.argv[1], parameters=json.loads(sys.argv[2]), timeout=float(sys.argv[3]))
print(json.dumps({"id": str(run.id), "type": run.state.type.value, "name": run.state.name,
                  "message": run.state.message}))
"""


def test_a_deployment_runs_on_a_worker_against_a_postgres_backed_server(
        postgres: str, stage_kind: str, tmp_path: Path) -> None:
    home = tmp_path / "prefect-home"
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    server_log, worker_log = tmp_path / "server.log", tmp_path / "worker.log"
    started: list[subprocess.Popen[bytes]] = []
    try:
        with server_log.open("wb") as out:
            server = subprocess.Popen(
                [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                env=prefect_env(home / "server", PREFECT_API_DATABASE_CONNECTION_URL=postgres),
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        started.append(server)
        wait_healthy(api, server, server_log)
        client_env = prefect_env(home / "client", PREFECT_API_URL=api)

        prefect(["work-pool", "create", POOL, "--type", "process"], client_env, REPO)
        # The repository's prefect.yaml, with the schedule paused (no surprise runs during the test)
        # and, while the library's stages are contracts, the stand-in entrypoint.
        spec = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
        (deployment,) = [d for d in spec["deployments"] if d["name"] == "govpub-daily"]
        for schedule in deployment["schedules"]:
            schedule["active"] = False
        if stage_kind == "stand-in":
            deployment["entrypoint"] = "tests/flows/stand_in_flow.py:publish_collection"
        prefect_file = tmp_path / "prefect.yaml"
        prefect_file.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
        prefect(["--no-prompt", "deploy", "--prefect-file", str(prefect_file), "--name", "govpub-daily"],
                client_env, REPO)
        inspected = prefect(["deployment", "inspect", DEPLOYMENT], client_env, REPO)
        assert "30 6 * * *" in inspected and "Asia/Shanghai" in inspected

        with worker_log.open("wb") as out:
            worker = subprocess.Popen(
                [str(BIN / "prefect"), "worker", "start", "--pool", POOL, "--limit", "1"],
                env=prefect_env(home / "worker", PREFECT_API_URL=api), cwd=tmp_path,
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        started.append(worker)

        collection = make_collection(tmp_path / "collection", documents=3)
        params = {"config": str(collection.config), "target": str(collection.target),
                  "work_dir": str(collection.work), "batch_size": 2}
        runs = []
        for _ in range(2):
            proc = subprocess.run([sys.executable, "-c", RUN_DEPLOYMENT, DEPLOYMENT, json.dumps(params), "300"],
                                  env=client_env, cwd=tmp_path, capture_output=True, text=True, timeout=360)
            assert proc.returncode == 0, proc.stdout + proc.stderr
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        first, second = runs
        assert (first["type"], first["name"]) == ("COMPLETED", "Published"), (first, worker_log.read_text())
        assert (second["type"], second["name"]) == ("COMPLETED", "Unchanged"), second
        versions = sorted(p.name for p in (collection.target / "inspection-rectification-reports").iterdir()
                          if p.is_dir() and p.name[0].isdigit())
        assert len(versions) == 1
        assert (collection.target / "inspection-rectification-reports" / versions[0] / "datapackage.json").is_file()
    finally:
        for started_proc in reversed(started):
            stop_group(started_proc)
    assert all(p.poll() is not None for p in started)
