"""A failed task state in, "retry or not" out: only govpub's TransientError is worth a retry."""

from __future__ import annotations

from typing import Any

from prefect.tasks import exponential_backoff

from govpub.errors import TransientError

# 1 s, 2 s, 4 s, 8 s, each stretched by up to 50 % jitter so that parallel batches that hit the
# same throttled endpoint do not retry in lockstep.
RETRIES = 4
RETRY_DELAYS = exponential_backoff(backoff_factor=1)(RETRIES)
RETRY_JITTER = 0.5


def is_transient(task: Any, task_run: Any, state: Any) -> bool:
    """retry_condition_fn: retry a TransientError (HTTP, S3, publish conflict); fail fast otherwise."""
    try:
        state.result()
    except TransientError:
        return True
    except BaseException:  # a terminal error or a bug: a retry would fail the same way
        return False
    return False


def retry_options() -> dict[str, Any]:
    """The keyword arguments of @task / Task.with_options that switch these retries on."""
    return {
        "retries": RETRIES,
        "retry_delay_seconds": RETRY_DELAYS,
        "retry_jitter_factor": RETRY_JITTER,
        "retry_condition_fn": is_transient,
    }
