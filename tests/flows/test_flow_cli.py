"""`govpub run` (the lead's CLI) drives the flow through govpub_flows.collection.run_collection."""

from __future__ import annotations

import pytest
from flows_conftest import Collection

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_api")]


def test_govpub_run_uses_the_flow_and_prints_the_outcome(
        stages: str, collection: Collection, capsys: pytest.CaptureFixture[str]) -> None:
    from govpub.cli import main

    args = ["run", "--config", str(collection.config), "--target", str(collection.target)]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert "sources: 3 read, 0 rejected" in first and "published: version" in first
    assert main(args) == 0
    assert "nothing new" in capsys.readouterr().out


def test_a_bad_task_runner_is_a_usage_error(stages: str, collection: Collection,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from govpub.cli import main

    code = main(["run", "--config", str(collection.config), "--target", str(collection.target),
                 "--task-runner", "processes"])
    assert code == 2
    assert "unknown task runner 'processes'" in capsys.readouterr().err
    assert not collection.target.exists()
