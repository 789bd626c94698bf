"""Files written whole or not at all: a reader sees the old file or the new one, and a crash leaves no temp
file behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def replacing(target: Path, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write `target` through: a dot-file beside it (which ingest skips), synced and renamed over it
    when the block ends, removed if it fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else "utf-8") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, text: str) -> None:
    with replacing(path) as f:
        f.write(text)


def copy_atomic(source: Path, target: Path) -> Path:
    with replacing(target, binary=True) as out, source.open("rb") as data:
        shutil.copyfileobj(data, out)
    return target


def fsync_tree(folder: Path) -> None:
    """Sync a folder's files and the folder itself, so a rename that publishes it survives a crash."""
    for path in [*folder.iterdir(), folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def alive(pid: int) -> bool:
    """Whether a process with this id runs (temp files carry their writer's pid, so leftovers can be told apart)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def set_aside(path: Path) -> Path:
    """Rename a damaged file or folder to `<name>.damaged` (replacing an older one there), so that what it held
    is made afresh while the damaged copy stays, should anything in it be worth saving."""
    aside = path.with_name(path.name + ".damaged")
    if aside.is_dir():
        shutil.rmtree(aside, ignore_errors=True)
    path.replace(aside)
    return aside
