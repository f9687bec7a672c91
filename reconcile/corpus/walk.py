"""Corpus stage, the walk: a corpus folder (or a list of files) -> one entry per directory entry, to read or to skip.

Every entry under the folder is accounted for, recursively: a file to read (its doc_id is its path inside the folder
without the extension, so `wire/flood.txt` is `wire/flood`), or a skipped entry with its reason (hidden, a symlink
leaving the folder, a dangling symlink or a symlink loop, not a regular file, an earlier run's output folder...).
Only the folder's own `manifest.csv` and collectors' `README.md` notes are not entries: they describe the others.
Symlinks are resolved: one that stays inside the folder is read (unless its target is read already), one that
leaves it is refused, as a manifest row pointing outside the folder is.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reconcile.corpus.metadata import MANIFEST_NAME, Manifest, read_manifest

# A collector's notes about the folder, not an article; any other .md file is an article.
FOLDER_README = "README.md"
# An output folder of reconcile holds this file (written last by reconcile.outputs); it is never read as articles.
RUN_RECORD = "run.json"
NOT_LISTED = "not listed in manifest.csv (metadata inferred from the text)"
FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class CorpusError(Exception):
    """The corpus cannot be read at all: the path does not exist or it holds no readable article."""


@dataclass(frozen=True)
class Entry:
    """One entry to read (or to report): where it is, how it is shown, its doc_id and any manifest row."""

    path: Path
    shown: str
    doc_id: str
    manifest_row: dict | None = None
    notes: tuple[str, ...] = ()
    folder_notes: tuple[str, ...] = ()
    problem: str | None = None
    # Set for entries of a nested folder with its own manifest.csv: that manifest's notes apply, not the outer one's.
    nested: bool = False


def inventory(source: str | Path | Sequence[str | Path], exclude: Iterable[str | Path] = ()) -> tuple[list[Entry], str]:
    """The entries of a corpus folder, one article file, or a list of files, and a label naming the source.

    `exclude` names paths never read nor reported (this run's output folder and its working files).
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not os.path.lexists(path):
            raise CorpusError(f"corpus path does not exist: {path}")
        if path.is_dir():
            excluded = frozenset(os.path.realpath(p) for p in exclude)
            return _with_unique_doc_ids(_folder_entries(path, excluded)), str(path)
        return _with_unique_doc_ids(_list_entries([path])), str(path)
    paths = [Path(item) for item in source]
    return _with_unique_doc_ids(_list_entries(paths)), f"the {len(paths)} listed file(s)"


def entry_problem(path: Path, root: Path | None = None) -> str | None:
    """Why `path` cannot be read as an article file (None when it is a regular file, inside `root` if given)."""
    try:
        os.lstat(path)
    except OSError:
        return "file not found"
    try:
        info = os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symlink loop (the link never reaches a file)"
        if error.errno == errno.ENOENT:
            return f"dangling symlink (its target {os.readlink(path)} does not exist)"
        return f"cannot read ({error.strerror or error})"
    if root is not None and not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root)):
        return f"symlink outside the corpus folder (points to {os.path.realpath(path)})"
    if stat.S_ISDIR(info.st_mode):
        return "a folder, not a file"
    kind = next((name for test, name in FILE_KINDS if test(info.st_mode)), None)
    return f"not a regular file ({kind or 'unknown kind'})" if not stat.S_ISREG(info.st_mode) else None


# --- a folder: the manifest's rows, then every other entry of the tree -------------------------------------------


def _folder_entries(folder: Path, excluded: frozenset[str], root: Path | None = None,
                    outer_claims: dict[str, str] | None = None) -> list[Entry]:
    """The entries of `folder` under its manifest; a nested folder's entries get doc_ids relative to `root`."""
    manifest = read_manifest(folder)
    folder_notes = manifest.notes if manifest else ()
    listed: list[Entry] = []
    claimed: dict[str, str] = {}
    for row in manifest.rows if manifest and manifest.usable else ():
        entry = _manifest_entry(folder, row, claimed, folder_notes)
        if os.path.realpath(entry.path) in (outer_claims or {}):
            continue  # the outer manifest lists this file already; its row accounts for it
        listed.append(entry)
        if entry.problem is None:
            claimed = {**claimed, os.path.realpath(entry.path): f"doc_id '{entry.doc_id}'"}
    unlisted_note = (NOT_LISTED,) if manifest and manifest.usable else ()
    claims = {**(outer_claims or {}), **claimed}
    walked = [entry if entry.nested else
              replace(entry, notes=entry.notes + (unlisted_note if entry.problem is None else ()),
                      folder_notes=folder_notes)
              for entry in _walked_entries(folder, excluded, claims)]
    if root is None or root == folder:
        return listed + walked
    prefix = folder.relative_to(root).as_posix()
    return [replace(entry, doc_id=f"{prefix}/{entry.doc_id}", nested=True) for entry in listed + walked]


def _manifest_entry(folder: Path, row: dict, claimed: dict[str, str], folder_notes: tuple[str, ...]) -> Entry:
    where = f"manifest.csv row {row['row']}"
    if not row["file"]:
        doc_id = row["doc_id"] or f"manifest-row-{row['row']}"
        return Entry(folder / MANIFEST_NAME, f"{folder / MANIFEST_NAME} ({where})", doc_id, row,
                     folder_notes=folder_notes, problem=f"{where} has an empty file column")
    path = folder / row["file"]
    notes = () if row["doc_id"] else (f"{where} has no doc_id (used the file name)",)
    entry = Entry(path, str(path), row["doc_id"] or path.stem, row, notes, folder_notes)
    resolved = os.path.realpath(path)
    if not Path(resolved).is_relative_to(os.path.realpath(folder)):
        return replace(entry, problem=f"{where} points outside the corpus folder")
    problem = entry_problem(path)
    if problem == "file not found":
        return replace(entry, problem="listed in manifest.csv but file not found")
    if problem == "a folder, not a file":
        return replace(entry, problem="listed in manifest.csv but it is a folder, not a file")
    if problem:
        return replace(entry, problem=f"listed in manifest.csv but it is a {problem}")
    if resolved in claimed:
        return replace(entry, problem=f"file already listed in manifest.csv as {claimed[resolved]}")
    return entry


def _walked_entries(folder: Path, excluded: frozenset[str], claimed: dict[str, str]) -> list[Entry]:
    """Every entry of the tree not claimed by a manifest row; a symlink to a file read already is skipped."""
    found = list(_walk(folder, folder, excluded, claimed))
    # Regular files claim their own path first, so a link to one of them never displaces it.
    taken = dict(claimed)
    for entry in found:
        if entry.problem is None and not entry.path.is_symlink():
            taken.setdefault(os.path.realpath(entry.path), str(entry.path))
    entries = []
    for entry in found:
        resolved = os.path.realpath(entry.path)
        if entry.problem is None and not entry.path.is_symlink() and resolved in claimed:
            continue  # the manifest row accounts for this file
        if entry.problem is None and entry.path.is_symlink():
            owner = taken.setdefault(resolved, entry.shown)
            if owner != entry.shown:
                entry = replace(entry, problem=f"symlink to a file read already ({owner})")
        entries.append(entry)
    return entries


def _walk(root: Path, folder: Path, excluded: frozenset[str], claimed: dict[str, str]):
    try:
        children = sorted(os.scandir(folder), key=lambda child: child.name)
    except OSError as error:
        yield _folder_entry(root, folder, f"cannot read folder ({error.strerror or error})")
        return
    for child in children:
        path = Path(child.path)
        if os.path.realpath(path) in excluded or (folder == root and child.name in (MANIFEST_NAME, FOLDER_README)):
            continue
        if child.name.startswith("."):
            kind = "folder" if child.is_dir(follow_symlinks=False) else "file"
            yield _file_entry(root, path, f"hidden {kind} (names starting with '.' are not read)")
        elif child.is_symlink():
            yield _symlink_entry(root, path)
        elif child.is_dir(follow_symlinks=False):
            yield from _subfolder(root, path, excluded, claimed)
        elif folder != root and child.name == FOLDER_README:
            continue
        else:
            yield _file_entry(root, path, entry_problem(path))


def _subfolder(root: Path, folder: Path, excluded: frozenset[str], claimed: dict[str, str]):
    if (folder / RUN_RECORD).is_file():
        yield _folder_entry(root, folder, f"an output folder of reconcile (it holds {RUN_RECORD}), not read")
    elif (folder / MANIFEST_NAME).is_file():
        # A collection nested in another: its own manifest describes its files, with doc_ids under its path.
        yield from _folder_entries(folder, excluded, root, claimed)
    else:
        for entry in _walk(root, folder, excluded, claimed):
            yield entry


def _symlink_entry(root: Path, path: Path) -> Entry:
    problem = entry_problem(path, root)
    if problem == "a folder, not a file":
        problem = "symlink to a folder inside the corpus (not followed: its files are read where they are)"
    return _file_entry(root, path, problem)


def _file_entry(root: Path, path: Path, problem: str | None) -> Entry:
    relative = path.relative_to(root)
    return Entry(path, str(path), (relative.parent / relative.stem).as_posix(), problem=problem)


def _folder_entry(root: Path, folder: Path, problem: str) -> Entry:
    return Entry(folder, str(folder), folder.relative_to(root).as_posix() or folder.name, problem=problem)


# --- an explicit list of files -----------------------------------------------------------------------------------


def _list_entries(paths: list[Path]) -> list[Entry]:
    manifests: dict[Path, Manifest | None] = {}
    entries = []
    for path in paths:
        folder = path.parent
        if folder not in manifests:
            manifests = {**manifests, folder: read_manifest(folder)}
        manifest = manifests[folder]
        row = _manifest_row_for(folder, path, manifest)
        usable = manifest is not None and manifest.usable
        notes = (NOT_LISTED,) if usable and row is None else ()
        doc_id = row["doc_id"] if row and row["doc_id"] else path.stem
        entry = Entry(path, str(path), doc_id, row, notes, manifest.notes if manifest else ())
        problem = entry_problem(path)
        if problem == "a folder, not a file":
            problem = "is a folder, not a file (pass the folder itself as the corpus)"
        entries.append(replace(entry, problem=problem) if problem else entry)
    return entries


def _manifest_row_for(folder: Path, path: Path, manifest: Manifest | None) -> dict | None:
    if manifest is None or not manifest.usable:
        return None
    target = os.path.realpath(path)
    return next((row for row in manifest.rows if row["file"] and os.path.realpath(folder / row["file"]) == target),
                None)


# --- doc_ids -----------------------------------------------------------------------------------------------------


def _with_unique_doc_ids(entries: list[Entry]) -> list[Entry]:
    """First come keeps a doc_id; later claimants are skipped and renamed so every row stays addressable."""
    taken: dict[str, str] = {}
    settled: dict[int, Entry] = {}
    # Readable files claim ids first, so a manifest row for a missing file cannot push out a real article.
    order = [i for i, e in enumerate(entries) if e.problem is None] + [i for i, e in enumerate(entries) if e.problem]
    for index in order:
        entry = entries[index]
        if entry.doc_id in taken:
            reason = f"duplicate doc_id '{entry.doc_id}' (already used by {taken[entry.doc_id]})"
            unique = _unique_id(entry.doc_id, entry.path.name, taken)
            entry = replace(entry, doc_id=unique, problem=entry.problem or reason,
                            notes=entry.notes + ((reason,) if entry.problem else ()))
        taken = {**taken, entry.doc_id: entry.shown}
        settled[index] = entry
    return [settled[i] for i in range(len(entries))]


def _unique_id(doc_id: str, file_name: str, taken: dict[str, str]) -> str:
    candidates = [f"{doc_id}~{file_name}"] + [f"{doc_id}~{file_name}~{n}" for n in range(2, len(taken) + 3)]
    return next(c for c in candidates if c not in taken)
