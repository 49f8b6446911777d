"""Files walktimer reads but did not write: presets, the config, walks synced from elsewhere.

Any of them may be something other than the small text file it is named like: a named pipe
that would block a read for ever, a device, a link that loops or leads nowhere, a file of
gigabytes. Each is looked at before it is opened and read only up to a limit, so no file can
hang walktimer or fill its memory; what is not read is refused with one line saying why.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from walktimer.domain.words import echo_text, safe_text

MAX_FILE_BYTES = 1024 * 1024  # far above any preset, config or summary walktimer writes
_CHUNK = 64 * 1024
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)
# Flags for opening a file that has just been seen to be a regular one: should it have been
# swapped for a pipe or a terminal in between, the open neither waits nor takes the terminal.
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class Refused(Exception):
    """A file that is not read, and why (`reason`, without the path). `missing` is true when
    there is nothing at all at the path, which some callers take as "use the defaults"."""

    def __init__(self, reason: str, *, missing: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at `path` (links followed), at most `limit` of them;
    Refused if it is anything else, larger, or unreadable."""
    try:
        before = path.stat()
    except OSError as exc:
        raise _refusal(path, exc) from None
    _check(before, limit)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _refusal(path, exc) from None
    try:
        info = os.fstat(fd)
        _check(info, limit)
        chunks: list[bytes] = []
        left = limit + 1  # one byte more than allowed tells a file that grew in between
        size = info.st_size + 1  # usually the whole file, and the end, in one read
        while left > 0:
            chunk = os.read(fd, min(left, max(size, _CHUNK)))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            size = _CHUNK
    except OSError as exc:
        raise _refusal(path, exc) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise Refused(_too_large(len(data), limit))
    return data


def toml_files(root: Path) -> tuple[list[Path], list[str]]:
    """Every `*.toml` under `root`, in any subfolder, sorted; and one line for each folder
    that could not be read, so that no file is left out without a word.

    Links to folders are followed, each folder once (a link back up the tree would otherwise
    list every file again, or for ever). Names starting with `.` are left out: editors keep
    their lock and backup files so. Files are listed whatever they are: `read_limited` says
    why a pipe or a broken link is not read. Nothing at `root` at all: nothing to list."""
    try:
        info = root.stat()
    except OSError as exc:
        if exc.errno == errno.ENOENT and not root.is_symlink():
            return [], []
        return [], [f"{path_text(root)}: {_refusal(root, exc).reason}; nothing in it is read"]
    if not stat.S_ISDIR(info.st_mode):
        return [], [f"{path_text(root)}: not a folder, so nothing in it is read"]
    seen = {(info.st_dev, info.st_ino)}
    files: list[Path] = []
    problems: list[str] = []
    folders = [root]  # a list, not recursion: a tree may be deeper than Python's stack
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                items = [item for item in listing if not item.name.startswith(".")]
        except OSError as exc:
            reason = f"cannot read the folder: {exc.strerror or exc}"
            problems.append(f"{path_text(folder)}: {reason}; the files in it are not read")
            continue
        for item in items:
            path = Path(item.path)
            try:
                found = item.stat()  # through a link, to what it leads to
            except OSError:
                found = None
            if found is not None and stat.S_ISDIR(found.st_mode):
                if (found.st_dev, found.st_ino) in seen:
                    problems.append(
                        f"{path_text(path)}: a link to a folder already read; not read twice"
                    )
                else:
                    seen.add((found.st_dev, found.st_ino))
                    folders.append(path)
            elif item.name.endswith(".toml"):
                files.append(path)
    return sorted(files), sorted(problems)


def name_text(name: str) -> str:
    """A file name as text: the odd bytes of a name that is not UTF-8 as `\\xff`, so that it
    can be printed and put in JSON at all."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # surrogates that are not odd bytes: only from odd callers
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def path_text(path: str | os.PathLike[str]) -> str:
    """A path as a message shows it: a name that is not UTF-8 shows its odd bytes as `\\xff`,
    and control characters as a visible mark, so no file name can break a message."""
    return safe_text(name_text(os.fspath(path)))


def _check(info: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = next((word for test, word in _KINDS if test(info.st_mode)), "something else")
        raise Refused(f"not a regular file ({kind})")
    if info.st_size > limit:
        raise Refused(_too_large(info.st_size, limit))


def _too_large(size: int, limit: int) -> str:
    return (
        f"too large: {size:,} bytes, more than the limit of {_mebibytes(limit)} ({limit:,} bytes)"
    )


def _mebibytes(size: int) -> str:
    return f"{size / 1024**2:g} MiB"


def _refusal(path: Path, exc: OSError) -> Refused:
    if exc.errno == errno.ELOOP:
        return Refused("a loop of symbolic links")
    if exc.errno == errno.ENOENT:
        if path.is_symlink():
            try:
                target = path.readlink()
            except OSError:
                return Refused("a broken symbolic link")
            return Refused(f"a broken symbolic link (to {echo_text(path_text(target))})")
        return Refused("no such file", missing=True)
    return Refused(f"cannot read: {exc.strerror or exc}")
