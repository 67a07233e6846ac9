"""Flow events in, progress counts out: what a CLI needs to draw a progress bar (batches and documents)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

Stage = Literal["discover", "extract", "package", "validate", "publish", "done"]


@dataclass(frozen=True)
class Progress:
    stage: Stage
    batches_done: int = 0
    batches_total: int = 0
    documents_done: int = 0
    documents_total: int = 0
    message: str = ""


ProgressCallback = Callable[[Progress], None]

# A callback is a Python object, not a flow parameter: parameters must be JSON for the API and
# for deployments. The flow body runs in the caller's thread/context, so a ContextVar reaches it.
_CALLBACK: ContextVar[ProgressCallback | None] = ContextVar("govpub_flows_progress", default=None)


@contextmanager
def progress_to(callback: ProgressCallback | None) -> Iterator[None]:
    token = _CALLBACK.set(callback)
    try:
        yield
    finally:
        _CALLBACK.reset(token)


def report(event: Progress) -> None:
    callback = _CALLBACK.get()
    if callback is not None:
        callback(event)
