"""Exceptions for a unit of work that cannot continue, marked transient or terminal.

Data problems are not exceptions: they are values in a report (see validate.py).
An orchestrator retries a TransientError and fails fast on a TerminalError.
"""

from __future__ import annotations


class GovpubError(Exception):
    """Base of every error govpub raises on purpose."""

    transient: bool = False

    def __init__(self, message: str, *, stage: str = "", source: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.stage = stage
        self.source = source

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only fields survive pickling, so an error raised in a worker process keeps
        # its stage and source when the pool hands it back.
        return (_rebuild, (type(self), self.message, self.stage, self.source))

    def __str__(self) -> str:
        where = " ".join(part for part in (self.source, f"[{self.stage}]" if self.stage else "") if part)
        return f"{where}: {self.message}" if where else self.message


def _rebuild(cls: type[GovpubError], message: str, stage: str, source: str) -> GovpubError:
    return cls(message, stage=stage, source=source)


class TransientError(GovpubError):
    """A retry may help: a timeout, a 5xx, a throttled request."""

    transient = True


class TerminalError(GovpubError):
    """A retry cannot help: bad configuration, a refused credential, a logic error."""


class RejectedInput(TerminalError):
    """One source document cannot be read or parsed; it goes to the rejected list."""


class ConfigError(TerminalError):
    """The collection config or command-line options are wrong."""


class PublishConflict(TransientError):
    """Another publisher changed the target under us; re-read and try again."""
