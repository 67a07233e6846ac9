"""S3 sources (a moto server on 127.0.0.1): unchanged objects are cached by ETag, a changed one is read again."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED, state_names, task_runs, variant

pytestmark = [pytest.mark.slow, pytest.mark.integration, pytest.mark.usefixtures("prefect_api")]

BUCKET = "inbox"
NOW = "2026-11-26T00:00:00+00:00"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    boto3 = pytest.importorskip("boto3")
    server_mod = pytest.importorskip("moto.server")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = server_mod.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        for name, value in {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing",
                            "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
            monkeypatch.setenv(name, value)  # ingest's client reads the endpoint like any boto3 client
        monkeypatch.delenv("AWS_PROFILE", raising=False)
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client
    finally:
        server.stop()


def batch_states(state: Any) -> dict[str, str]:
    return {r.name: r.state.name for r in task_runs(state.state_details.flow_run_id)
            if r.name.startswith("extract-batch-")}


def test_s3_sources_are_cached_by_etag(stages: str, s3: Any, tmp_path: Path) -> None:
    if stages != "real":
        pytest.skip("the stand-in stages read local files only")
    from govpub_flows.collection import run_collection_state

    seed = SEED.read_text(encoding="utf-8")
    for i in range(3):
        s3.put_object(Bucket=BUCKET, Key=f"reports/{i:03d}.txt", Body=variant(seed, i).encode("utf-8"))
    config = Path(__file__).resolve().parents[2] / "examples" / "collection.yaml"

    def run() -> Any:
        return run_collection_state(str(config), now=NOW, sources=[f"s3://{BUCKET}/reports/"],
                                    target=str(tmp_path / "public"), work_dir=tmp_path / "work", batch_size=2)

    first = run()
    assert first.name == "Published", first.message
    assert first.result().row_counts["reports"] == 3
    assert set(batch_states(first).values()) == {"Completed"}

    second = run()
    assert second.name == "Unchanged", second.message
    assert batch_states(second) == {"extract-batch-0": "Cached", "extract-batch-1": "Cached"}

    s3.put_object(Bucket=BUCKET, Key="reports/002.txt", Body=(variant(seed, 2) + "\n附件：无\n").encode("utf-8"))
    third = run()
    assert batch_states(third) == {"extract-batch-0": "Cached", "extract-batch-1": "Completed"}
    assert third.name == "Published", third.message
    runs = {r.name: r for r in task_runs(third.state_details.flow_run_id)}
    assert state_names(runs["extract-batch-1"].id)[-1] == "Completed"
