"""A Storage wrapper that fails or 'kills' the publisher at the n-th write, to test every protocol step."""

from __future__ import annotations

from collections.abc import Iterator

from govpub.errors import TransientError
from govpub.publish.storage import ObjectInfo, Storage, StoredObject


class Killed(BaseException):
    """Stands for the process dying: not an Exception, so no `except Exception` can swallow it."""


class FaultyStorage:
    def __init__(self, inner: Storage, *, fail_at: int | None = None, kill: bool = False,
                 after_write: bool = False) -> None:
        self.inner = inner
        self.fail_at = fail_at  # 0-based index of the write (put or delete) that goes wrong
        self.kill = kill
        self.after_write = after_write  # go wrong after the write took effect (a lost response)
        self.writes = 0
        self.log: list[str] = []

    @property
    def url(self) -> str:
        return self.inner.url

    def _step(self, what: str) -> bool:
        n = self.writes
        self.writes += 1
        self.log.append(what)
        return n == self.fail_at

    def _boom(self, what: str) -> None:
        if self.kill:
            raise Killed(what)
        raise TransientError(f"injected fault at {what}", stage="publish")

    def get(self, key: str) -> StoredObject | None:
        return self.inner.get(key)

    def head(self, key: str) -> ObjectInfo | None:
        return self.inner.head(key)

    def get_range(self, key: str, start: int, length: int) -> bytes:
        return self.inner.get_range(key, start, length)

    def list(self, prefix: str) -> Iterator[str]:
        return self.inner.list(prefix)

    def put(self, key: str, data: bytes, *, content_type: str, cache_control: str,
            if_none_match: bool = False, if_match: str | None = None) -> ObjectInfo:
        hit = self._step(f"put {key}")
        if hit and not self.after_write:
            self._boom(f"put {key}")
        info = self.inner.put(key, data, content_type=content_type, cache_control=cache_control,
                              if_none_match=if_none_match, if_match=if_match)
        if hit:
            self._boom(f"put {key} (after)")
        return info

    def delete(self, key: str) -> None:
        hit = self._step(f"delete {key}")
        if hit and not self.after_write:
            self._boom(f"delete {key}")
        self.inner.delete(key)
        if hit:
            self._boom(f"delete {key} (after)")
