from __future__ import annotations

import io

from govpub_flows.progress import Progress  # the events the flow sends the bar

from govpub.cli.progress import ProgressBar


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_one_line_per_stage_and_per_batch() -> None:
    out = io.StringIO()
    bar = ProgressBar(out)
    for e in [Progress("discover"), Progress("extract", 0, 2, 0, 100), Progress("extract", 1, 2, 50, 100),
              Progress("extract", 2, 2, 100, 100), Progress("package", 2, 2, 100, 100), Progress("package", 2, 2, 100, 100)]:
        bar(e)
    lines = out.getvalue().splitlines()
    assert lines[0] == "govpub: discover"
    assert lines[2] == "govpub: extract  [############............] 50/100 documents, 1/2 batches"
    assert len(lines) == 5 and lines[-1].startswith("govpub: package")


def test_a_terminal_gets_one_line_redrawn() -> None:
    out = Tty()
    bar = ProgressBar(out)
    bar(Progress("extract", 1, 4, 25, 100))
    bar(Progress("done", 4, 4, 100, 100))
    text = out.getvalue()
    assert text.count("\n") == 1 and text.count("\r") == 2 and text.endswith("4/4 batches\n")
