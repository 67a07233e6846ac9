"""S3 sources (a moto server on 127.0.0.1): a failing GET is retried by the batch task; unchanged objects
are cached by ETag, a changed one is read again."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from flows_conftest import SEED, free_port, state_names, task_runs, variant

pytestmark = [pytest.mark.slow, pytest.mark.integration, pytest.mark.usefixtures("prefect_api")]

BUCKET = "inbox"
NOW = "2026-11-26T00:00:00+00:00"


class FaultyProxy(ThreadingHTTPServer):
    """An HTTP proxy in front of the S3 server that answers the first `failures` GETs of keys ending
    in `fail_key` with 503 SlowDown, as a throttled S3 would; everything else goes through."""

    daemon_threads = True

    def __init__(self, upstream_port: int, fail_key: str, failures: int) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream_port, self.fail_key, self.remaining, self.failed = upstream_port, fail_key, failures, 0
        self.lock = threading.Lock()

    def should_fail(self, method: str, path: str) -> bool:
        with self.lock:
            if method == "GET" and path.split("?")[0].endswith(self.fail_key) and self.remaining > 0:
                self.remaining -= 1
                self.failed += 1
                return True
        return False


class _ProxyHandler(BaseHTTPRequestHandler):
    server: FaultyProxy

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if self.server.should_fail(self.command, self.path):
            payload = b'<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>injected</Message></Error>'
            self.send_response(503)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        upstream = http.client.HTTPConnection("127.0.0.1", self.server.upstream_port, timeout=30)
        upstream.request(self.command, self.path, body=body, headers=dict(self.headers))
        response = upstream.getresponse()
        data = response.read()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        upstream.close()

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = _forward


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    boto3 = pytest.importorskip("boto3")
    server_mod = pytest.importorskip("moto.server")
    port = free_port()
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
        client.port = port  # type: ignore[attr-defined]
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


def test_a_throttled_s3_get_is_retried_by_the_batch_task(
        stages: str, s3: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if stages != "real":
        pytest.skip("the stand-in stages read local files only")
    from govpub_flows.collection import run_collection_state

    from govpub.ingest import IngestLimits
    from govpub.ingest.fetch_s3 import make_client

    seed = SEED.read_text(encoding="utf-8")
    for i in range(3):
        s3.put_object(Bucket=BUCKET, Key=f"reports/{i:03d}.txt", Body=variant(seed, i).encode("utf-8"))
    # ingest's own boto3 client retries a 503 itself: fail every attempt it makes for one read, so
    # the TransientError escapes the document and the batch task's retry has to recover.
    failures = make_client(retries=IngestLimits().http_retries).meta.config.retries["total_max_attempts"]
    proxy = FaultyProxy(s3.port, "reports/002.txt", failures)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{proxy.server_address[1]}")
        config = Path(__file__).resolve().parents[2] / "examples" / "collection.yaml"
        state = run_collection_state(str(config), now=NOW, sources=[f"s3://{BUCKET}/reports/"],
                                     target=str(tmp_path / "public"), work_dir=tmp_path / "work", batch_size=2)
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert proxy.failed == failures
    assert state.name == "Published", state.message
    assert state.result().rejected == () and state.result().row_counts["reports"] == 3
    runs = {r.name: r for r in task_runs(state.state_details.flow_run_id)}
    flaky = state_names(runs["extract-batch-1"].id)
    assert flaky.index("AwaitingRetry") < flaky.index("Retrying") < len(flaky) - 1 and flaky[-1] == "Completed"
    assert "AwaitingRetry" not in state_names(runs["extract-batch-0"].id)
