"""Local paths in: discovered files (SourceMeta, sidecars merged) and their bytes out."""

from __future__ import annotations

import os
from pathlib import Path

from govpub.errors import RejectedInput
from govpub.ingest.document import SourceMeta
from govpub.ingest.formats import SIDECAR_SUFFIX, is_sidecar, media_type_for_name
from govpub.ingest.sidecar import merge, parse_sidecar


def _meta(path: Path) -> SourceMeta:
    # The uri is the absolute path: read() gets no base directory, and a worker process
    # (Dask, a Prefect worker) may run in another directory than the one that discovered it.
    meta = SourceMeta(uri=str(path), name=path.name)
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        try:
            data = sidecar.read_bytes()
        except OSError as exc:
            raise RejectedInput(f"cannot read sidecar ({exc.strerror})", stage="discover",
                                source=str(sidecar)) from None
        meta = merge(meta, parse_sidecar(data, source=str(sidecar)))
    return meta


def _walk(root: Path) -> list[Path]:
    """Supported files under root, recursively, sorted by relative path; hidden entries skipped.
    Symlinked directories are not followed, so a link loop cannot hang discovery."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith(".") or is_sidecar(name) or media_type_for_name(name) is None:
                continue
            found.append(Path(dirpath, name))
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def discover_path(source: str, *, base_dir: Path | None) -> list[SourceMeta]:
    path = Path(source).expanduser()
    if not path.is_absolute():
        path = (base_dir or Path.cwd()) / path
    path = path.resolve()
    if path.is_dir():
        return [_meta(p) for p in _walk(path)]
    if path.is_file():
        if is_sidecar(path.name):
            raise RejectedInput("a sidecar is metadata for another file, not a source; name the file "
                                f"{path.name[: -len(SIDECAR_SUFFIX)]!r} instead", stage="discover", source=str(path))
        # An unsupported suffix is kept: read() rejects it, so it shows up in the rejected list.
        return [_meta(path)]
    raise RejectedInput("no such file or directory", stage="discover", source=str(path))


def read_file(meta: SourceMeta, *, max_bytes: int) -> bytes:
    path = Path(meta.uri)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise RejectedInput("not a regular file", stage="ingest", source=meta.uri)
        if size > max_bytes:
            raise RejectedInput(f"the file has {size} bytes, more than the limit of {max_bytes} "
                                "(IngestLimits.max_bytes)", stage="ingest", source=meta.uri)
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may grow between stat and read
    except FileNotFoundError:
        raise RejectedInput("no such file (it was moved or deleted after discovery)", stage="ingest",
                            source=meta.uri) from None
    except OSError as exc:
        raise RejectedInput(f"cannot read the file ({exc.strerror or exc})", stage="ingest",
                            source=meta.uri) from None
    if len(data) > max_bytes:
        raise RejectedInput(f"the file has more than the limit of {max_bytes} bytes (IngestLimits.max_bytes)",
                            stage="ingest", source=meta.uri)
    return data
