"""Progress events of a run in, a progress bar (on a terminal) or one line per stage (in a log) out."""

from __future__ import annotations

import sys
from typing import Protocol, TextIO


class ProgressEvent(Protocol):
    """What the flow reports (govpub_flows.progress.Progress); duck-typed so the CLI needs no Prefect."""

    @property
    def stage(self) -> str: ...
    @property
    def batches_done(self) -> int: ...
    @property
    def batches_total(self) -> int: ...
    @property
    def documents_done(self) -> int: ...
    @property
    def documents_total(self) -> int: ...


class ProgressBar:
    WIDTH = 24

    def __init__(self, stream: TextIO | None = None) -> None:
        # sys.stderr is looked up when the bar is made, not when this module is imported
        # (a test harness or a redirect may replace it in between).
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self.last_stage = ""

    def line(self, e: ProgressEvent) -> str:
        if e.documents_total:
            filled = self.WIDTH * e.documents_done // e.documents_total
            bar = "#" * filled + "." * (self.WIDTH - filled)
            return (f"govpub: {e.stage:<8} [{bar}] {e.documents_done}/{e.documents_total} documents, "
                    f"{e.batches_done}/{e.batches_total} batches")
        return f"govpub: {e.stage}"

    def __call__(self, event: ProgressEvent) -> None:
        if self.tty:
            # One line redrawn in place; the final summary starts on a fresh line.
            end = "\n" if event.stage == "done" else ""
            self.stream.write("\r\x1b[2K" + self.line(event) + end)
        elif event.stage != self.last_stage or event.stage == "extract":
            self.stream.write(self.line(event) + "\n")
        self.stream.flush()
        self.last_stage = event.stage
