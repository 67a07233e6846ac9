"""Extractions in, a batch file out (and back): where batch tasks leave their rows for the package task.

Files are pickles of frozen govpub dataclasses, named by the batch's content key and written
atomically. They are read only from the store the flow itself writes (never from sources):
unpickling untrusted bytes would run code.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from govpub.records import Extraction

SUFFIX = ".extractions.pkl"


def batch_path(store: Path, key: str) -> Path:
    return store / f"{key}{SUFFIX}"


def write_batch(extractions: list[Extraction], store: Path, key: str | None = None) -> Path:
    """Write atomically (temp file + rename) so a reader never sees half a batch; without a
    key the file is named by the hash of its bytes."""
    data = pickle.dumps(extractions, protocol=pickle.HIGHEST_PROTOCOL)
    store.mkdir(parents=True, exist_ok=True)
    path = batch_path(store, key or hashlib.sha256(data).hexdigest())
    fd, tmp = tempfile.mkstemp(dir=store, prefix=".tmp-", suffix=SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_batch(path: Path) -> list[Extraction]:
    with path.open("rb") as fh:
        loaded = pickle.load(fh)  # noqa: S301 - our own store, see the module docstring
    if not isinstance(loaded, list) or not all(isinstance(e, Extraction) for e in loaded):
        raise ValueError(f"{path} does not hold a list of Extraction")
    return loaded
