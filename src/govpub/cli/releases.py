"""`govpub releases list | show VERSION | diff A B`: a target in, what is published there out (text or JSON)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from govpub.cli.options import add_dataset_option, add_target_options
from govpub.errors import ConfigError
from govpub.publish.changes import diff_releases
from govpub.publish.layout import latest_prefix
from govpub.publish.reader import DatasetState, datasets, read_json, read_state
from govpub.publish.storage import Storage, open_storage, sha256_hex

DEFAULT_TARGET = "./public"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "releases",
        help="list, show and compare published releases",
        description="Inspect the releases at a target (a directory or s3://bucket/prefix). Only committed "
                    "versions (with manifest.json) are shown; unfinished uploads are invisible, as for any reader.",
    )
    rsub = p.add_subparsers(dest="releases_command", metavar="ACTION", required=True)
    lp = rsub.add_parser("list", help="every committed version, newest first, per dataset")
    sp = rsub.add_parser("show", help="one version: files with sizes and sha256, rows, what changed")
    sp.add_argument("version", metavar="VERSION", help="a version such as 1.2.0, or 'latest'")
    dp = rsub.add_parser("diff", help="rows added, removed and changed per table between two versions")
    dp.add_argument("old", metavar="A", help="the older version (or 'latest')")
    dp.add_argument("new", metavar="B", help="the newer version (or 'latest')")
    for q in (lp, sp, dp):
        add_target_options(q)
        add_dataset_option(q)
        q.add_argument("--json", action="store_true", help="print JSON instead of text")
    lp.set_defaults(func=cmd_list)
    sp.set_defaults(func=cmd_show)
    dp.set_defaults(func=cmd_diff)


def _storage(args: argparse.Namespace) -> Storage:
    return open_storage(args.target or DEFAULT_TARGET, s3_endpoint_url=args.s3_endpoint_url)


def _one_dataset(storage: Storage, args: argparse.Namespace) -> str:
    if args.dataset:
        return str(args.dataset)
    names = datasets(storage)
    if len(names) != 1:
        found = ", ".join(names) or "none"
        raise ConfigError(f"{storage.url} holds {len(names)} datasets ({found}); name one with --dataset",
                          stage="releases")
    return names[0]


def _resolve(state: DatasetState, version: str, storage: Storage) -> str:
    if version == "latest":
        if state.latest is None:
            raise ConfigError(f"{storage.url}/{state.dataset} has no committed version", stage="releases")
        return state.latest.version
    if state.get(version) is None:
        known = ", ".join(m.version for m in state.manifests) or "none"
        raise ConfigError(f"{storage.url}/{state.dataset} has no version {version} (committed: {known})",
                          stage="releases")
    return version


def _print(args: argparse.Namespace, value: Any, text: str) -> int:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n" if args.json else text)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    storage = _storage(args)
    names = [args.dataset] if args.dataset else datasets(storage)
    out: dict[str, Any] = {}
    lines = []
    for name in names:
        state = read_state(storage, name)
        out[name] = [{"version": m.version, "created": m.created, "rows": dict(m.rows), "bytes": m.total_bytes,
                      "content_hash": m.content_hash} for m in state.manifests]
        lines.append(f"{name}")
        for i, m in enumerate(state.manifests):
            rows = ", ".join(f"{t}={n}" for t, n in sorted(m.rows.items()))
            mark = "  (latest)" if i == 0 else ""
            lines.append(f"  {m.version:<10} {m.created:<27} {m.total_bytes:>10} B  {rows}{mark}")
        if not state.manifests:
            lines.append("  (no committed versions)")
    if not names:
        lines.append(f"no datasets at {storage.url}")
    return _print(args, out, "\n".join(lines) + "\n")


def cmd_show(args: argparse.Namespace) -> int:
    storage = _storage(args)
    name = _one_dataset(storage, args)
    state = read_state(storage, name)
    version = _resolve(state, args.version, storage)
    m = state.get(version)
    assert m is not None
    changes = read_json(storage, f"{name}/{version}/changes.json") or {}
    latest_dp = storage.get(latest_prefix(name) + "datapackage.json")
    dp_entry = m.file("datapackage.json")
    is_latest = bool(latest_dp and dp_entry and sha256_hex(latest_dp.data) == dp_entry.sha256)
    value = {"dataset": name, "version": version, "created": m.created, "previous": m.previous,
             "content_hash": m.content_hash, "rows": dict(m.rows), "bytes": m.total_bytes, "latest": is_latest,
             "temporal": list(m.temporal) if m.temporal else None, "changes": changes,
             "files": [{"path": f.path, "bytes": f.bytes, "sha256": f.sha256} for f in m.files]}
    lines = [f"{name} {version}" + ("  (latest)" if is_latest else ""),
             f"  created   {m.created}", f"  previous  {m.previous or '-'}", f"  content   {m.content_hash}",
             "  rows      " + ", ".join(f"{t}={n}" for t, n in sorted(m.rows.items()))]
    for t, c in sorted(changes.get("tables", {}).items()):
        lines.append(f"  {t:<10} +{c['added']} -{c['removed']} ~{c['changed']}")
    lines.append("  files")
    lines += [f"    {f.bytes:>10}  {f.sha256[:16]}  {f.path}" for f in m.files]
    return _print(args, value, "\n".join(lines) + "\n")


def cmd_diff(args: argparse.Namespace) -> int:
    storage = _storage(args)
    name = _one_dataset(storage, args)
    state = read_state(storage, name)
    old, new = _resolve(state, args.old, storage), _resolve(state, args.new, storage)

    def loader(version: str) -> Any:
        def load(path: str) -> bytes:
            obj = storage.get(f"{name}/{version}/{path}")
            if obj is None:
                raise ConfigError(f"{storage.url}/{name}/{version}/{path} is missing", stage="releases")
            return obj.data
        return load

    old_dp = json.loads(loader(old)("datapackage.json"))
    new_dp = json.loads(loader(new)("datapackage.json"))
    changes = diff_releases(new, new_dp, loader(new), old, old_dp, loader(old))
    value = changes.to_json()
    lines = [f"{name}: {old} -> {new}"]
    for t, c in sorted(changes.tables.items()):
        lines.append(f"  {t:<10} +{c.added} -{c.removed} ~{c.changed}")
    for s in changes.schema_changes:
        lines.append(f"  {s.table:<10} schema: {s.change}")
    return _print(args, value, "\n".join(lines) + "\n")
