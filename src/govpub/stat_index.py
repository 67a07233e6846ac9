"""Local files' stat in, the sha256 of their bytes out, without reading them when they are unchanged.

Hashing 10,000 sources (750 MB) to find the one that changed costs seconds; a stat costs
microseconds. As git's index does, the sha256 a run computed is kept with the file's identity
(device, inode, size, mtime_ns, ctime_ns); a file whose identity is the same has the same bytes,
since any write moves mtime and ctime, and ctime cannot be set back. One hole stays: a write in
the same clock tick as the read that was hashed leaves the identity as it was. So, like git's
"racily clean" entries, a file whose mtime is within RACY_NS of the moment the run started hashing
(the file system's clock, read from a probe file) is not remembered: the next run hashes it again.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

Identity = tuple[int, int, int, int, int]
RACY_NS = 2_000_000_000  # file timestamps tick coarsely (a few ms); 2 s is a wide margin


def identity(st: os.stat_result) -> Identity:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class StatIndex:
    """path -> (identity, sha256), loaded from and saved to one JSON file (atomically: runs that
    share a cache overwrite each other's index, which costs only hashing again)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._old: dict[str, tuple[Identity, str]] = {}
        self.new: dict[str, tuple[Identity, str]] = {}
        path.parent.mkdir(parents=True, exist_ok=True)
        probe = path.with_name(path.name + ".now")
        probe.write_bytes(b"")
        self.horizon_ns = probe.stat().st_mtime_ns - RACY_NS  # files changed after this are not remembered
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        for name, entry in raw.items() if isinstance(raw, dict) else ():
            try:
                ident, sha = entry
                self._old[str(name)] = (tuple(int(x) for x in ident), str(sha))  # type: ignore[assignment]
            except (TypeError, ValueError):
                continue  # a damaged entry: that file is hashed again

    def sha256(self, name: str, st: os.stat_result) -> str | None:
        """The remembered sha256 of the file `name` if its identity is unchanged, else None."""
        entry = self._old.get(name)
        return entry[1] if entry is not None and entry[0] == identity(st) else None

    def record(self, name: str, st: os.stat_result, sha256: str) -> None:
        if st.st_mtime_ns < self.horizon_ns:
            self.new[name] = (identity(st), sha256)

    def save(self) -> None:
        """Write the entries recorded in this run (only files this run saw: no stale growth)."""
        entries = dict(self.new)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({k: [list(i), s] for k, (i, s) in entries.items()}, fh, separators=(",", ":"))
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
