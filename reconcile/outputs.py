"""Outputs of a run: an --out folder always holds exactly one complete run, or the previous one untouched.

A run writes into a staging folder beside --out and swaps it in whole at the end (an atomic exchange of the two
folders where the system has one), so a run killed at any point leaves the previous output intact. `run.json` is
written last: the tool version, a fingerprint of the inputs and the sha256 of every file, so a reader can check
that a folder is one whole run. A lock file beside --out refuses a second run on the same folder while one is
going; the system releases it when a run dies, so it never goes stale, and a run removes it when it ends. --out is
checked before any extraction starts.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

from reconcile._io import current_umask, write_atomic

RUN_RECORD = "run.json"
# What a run writes; an existing --out may hold only these, so a run never swaps away a folder of other files.
# A folder with a run.json names its own files there; these are what a run of any version wrote before it.
OUTPUT_NAMES = frozenset({
    "report.html", "report.md", "findings.json", "findings.csv", "claims.csv", "positions.csv", "relations.csv",
    "documents.csv", "estimates.csv", "rejected_claims.csv", RUN_RECORD,
})
RENAME_EXCHANGE = 2  # renameat2 flag (Linux 3.15+): swap two paths in one step
AT_FDCWD = -100


class OutputError(Exception):
    """--out cannot take this run (a file, under a file, not writable, busy, or holding other files): one line."""


@dataclass
class OutputRun:
    """One run's claim on an --out folder: the held lock and the staging folder the run writes into."""

    out: Path
    staging: Path
    lock_path: Path
    _lock: int = field(repr=False)

    @classmethod
    def start(cls, out_dir: str | Path, inputs: Iterable[str | Path | None] = ()) -> OutputRun:
        """Check --out, take its lock, clear what killed runs left, and make the staging folder.

        >>> with OutputRun.start("out", inputs=["seeds"]) as run:  # doctest: +SKIP
        ...     paths = run.publish({"report.html": run.staging / "report.html"}, documents)
        """
        out = Path(out_dir)
        target = Path(os.path.realpath(out))
        _check_target(out, target, [Path(i) for i in inputs if i is not None])
        lock_path = target.parent / f".{target.name}.lock"
        lock = _acquire_lock(out, lock_path)
        try:
            _recover_and_clear(target)
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
            os.chmod(staging, 0o777 & ~current_umask())
        except OSError as error:
            os.close(lock)
            raise OutputError(f"cannot write in {target.parent} ({error.strerror or error})") from error
        return cls(out, staging, lock_path, lock)

    @property
    def reserved(self) -> tuple[Path, ...]:
        """Paths of this run that a corpus walk must never read: --out, the staging folder and the lock."""
        return (self.out, self.staging, self.lock_path)

    def publish(self, paths: dict[str, Path], documents: pd.DataFrame, claims_path: str | Path | None = None,
                corpus: str | Path | None = None) -> dict[str, Path]:
        """Write run.json last, swap the staging folder in as --out, and return the final path of every file."""
        files = {name: _sha256_file(path) for name, path in sorted(paths.items())}
        record = {
            "tool": "reconcile",
            "version": _tool_version(),
            "input": {
                "corpus": None if corpus is None else str(corpus),
                "claims": None if claims_path is None else str(claims_path),
                "fingerprint": input_fingerprint(documents, claims_path),
                "documents": int(len(documents)),
                "documents_ok": int((documents["status"] == "ok").sum()) if len(documents) else 0,
            },
            "files": files,
        }
        write_atomic(self.staging / RUN_RECORD, json.dumps(record, indent=2, sort_keys=True) + "\n")
        for path in [*self.staging.rglob("*"), self.staging]:  # report-pages/ and its files too
            _sync(path)
        _swap_in(self.staging, Path(os.path.realpath(self.out)))
        return {name: self.out / name for name in sorted([*files, RUN_RECORD])}

    def close(self) -> None:
        """Drop the staging folder of an unfinished run, then remove and release the lock."""
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock >= 0:
            self.lock_path.unlink(missing_ok=True)
            os.close(self._lock)
            self._lock = -1

    def __enter__(self) -> OutputRun:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def input_fingerprint(documents: pd.DataFrame, claims_path: str | Path | None = None) -> str:
    """sha256 over every document's id, status and text, and the claims file's bytes: same inputs, same value."""
    digest = hashlib.sha256()
    columns = [c for c in ("doc_id", "status", "text") if c in documents.columns]
    for record in documents.sort_values("doc_id", kind="stable")[columns].itertuples(index=False):
        for value in record:
            digest.update(b"\x1f" + ("" if pd.isna(value) else str(value)).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1e")
    if claims_path is not None:
        digest.update(_sha256_file(Path(claims_path)).encode())
    return "sha256:" + digest.hexdigest()


def verify_run(out_dir: str | Path) -> list[str]:
    """Problems that show a folder is not one whole run (empty when it is): missing, extra or changed files.

    >>> verify_run("out")  # doctest: +SKIP
    []
    """
    folder = Path(out_dir)
    record_path = folder / RUN_RECORD
    if not record_path.is_file():
        return [f"no {RUN_RECORD}"]
    files = json.loads(record_path.read_text(encoding="utf-8"))["files"]
    # Files in subfolders (report-pages/...) are listed by their path in the folder, as run.json names them.
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()} - {RUN_RECORD}
    problems = [f"missing {name}" for name in sorted(set(files) - present)]
    problems += [f"not part of the run: {name}" for name in sorted(present - set(files))]
    problems += [f"changed since the run: {name}" for name in sorted(set(files) & present)
                 if _sha256_file(folder / name) != files[name]]
    return problems


# --- checks before the run ---------------------------------------------------------------------------------------


def _check_target(out: Path, target: Path, inputs: list[Path]) -> None:
    if target.exists() and not target.is_dir():
        raise OutputError(f"--out {out} is a file, not a folder")
    ancestor = next((p for p in target.parents if p.exists()), None)
    if ancestor is not None and not ancestor.is_dir():
        raise OutputError(f"--out {out} lies under {ancestor}, which is a file, not a folder")
    for source in inputs:
        resolved = Path(os.path.realpath(source))
        if resolved == target or resolved.is_relative_to(target):
            raise OutputError(f"--out {out} holds the input {source}, and a run replaces the whole folder: "
                              "choose another --out")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the folder {target.parent} for --out {out} ({error.strerror})") from error
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write in {target.parent} (permission denied), so --out {out} cannot be written")
    if target.is_dir():
        try:
            recorded = _recorded_names(target)
            foreign = sorted(p.name for p in target.iterdir()
                             if not _is_output_name(p.name) and p.name not in recorded)
        except OSError as error:
            raise OutputError(f"cannot read --out {out} ({error.strerror})") from error
        if foreign:
            shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
            raise OutputError(f"--out {out} holds files that are not reconcile outputs ({shown}); a run replaces "
                              "the whole folder, so choose an empty or new folder")


def _recorded_names(folder: Path) -> set[str]:
    """The top-level names an earlier run listed in its run.json (files and folders such as report pages)."""
    try:
        files = json.loads((folder / RUN_RECORD).read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        return set()
    return {str(name).split("/", 1)[0] for name in files} if isinstance(files, dict) else set()


def _is_output_name(name: str) -> bool:
    # ".report.html.x1y2.tmp": a file write an earlier version of the tool left half done.
    return name in OUTPUT_NAMES or (name.startswith(".") and name.endswith(".tmp")
                                    and any(name.startswith(f".{known}.") for known in OUTPUT_NAMES))


def _acquire_lock(out: Path, lock_path: Path) -> int:
    # The lock file is removed when a run ends. A run that opened it just before could lock the removed file, so
    # a lock only counts once the path still names the locked file; otherwise try again on the new one.
    for _attempt in range(10):
        try:
            lock = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise OutputError(f"cannot create the lock {lock_path} for --out {out} ({error.strerror})") from error
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(lock, 32, 0).decode("ascii", "replace").strip()
            os.close(lock)
            by = f" (process {holder})" if holder.isdigit() else ""
            raise OutputError(f"another reconcile run{by} is writing to --out {out}; wait for it to finish") from None
        if _same_file(lock, lock_path):
            os.ftruncate(lock, 0)
            os.pwrite(lock, f"{os.getpid()}\n".encode("ascii"), 0)
            return lock
        os.close(lock)
    raise OutputError(f"cannot take the lock {lock_path} for --out {out} (it keeps changing)")


def _same_file(handle: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle), os.stat(path))
    except FileNotFoundError:
        return False


def _recover_and_clear(target: Path) -> None:
    """With the lock held, whatever killed runs left beside --out is stale: restore or remove it."""
    previous = sorted(target.parent.glob(f".{target.name}.previous-*"))
    kept = [folder / "run" for folder in previous if (folder / "run").is_dir()]
    if kept and not target.exists():
        # A run died between the two renames of a swap without atomic exchange: put the old output back.
        os.rename(kept[0], target)
    for stale in [*previous, *target.parent.glob(f".{target.name}.staging-*")]:
        shutil.rmtree(stale, ignore_errors=True)


# --- the swap ----------------------------------------------------------------------------------------------------


def _swap_in(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
    elif _exchange(staging, target):
        shutil.rmtree(staging)  # it now holds the previous run
    else:
        previous = Path(tempfile.mkdtemp(prefix=f".{target.name}.previous-", dir=target.parent))
        os.rename(target, previous / "run")
        os.rename(staging, target)
        shutil.rmtree(previous)
    _sync(target.parent)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux renameat2); False where the system or file system cannot."""
    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if function is None:
        return False
    result = function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _sync(path: Path) -> None:
    # Files and folder entries reach the disk before the swap, so a power cut cannot publish empty files.
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


def _tool_version() -> str:
    try:
        return metadata.version("reconcile")
    except metadata.PackageNotFoundError:
        return "unknown"
