"""The one place that writes walk summaries to disk, and reads them back.

Every write goes to a temporary file in the target folder, is flushed to the disk, and is then
linked to its final name, which fails rather than replace a file that is already there. A reader
therefore sees either no file or a whole one, and no walk ever overwrites another.

Reading never changes a summary file. Parsing TOML is slow (about a millisecond a file), so the
decoded summaries are kept in a JSON index beside the sessions folder; the files stay the truth:
each one is checked against its inode, size and times on every read and parsed again if any of
them differ.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import re
import secrets
import tomllib
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec
import tomli_w

from walktimer.domain.history import newest_first
from walktimer.domain.presets import toml_problem, validation_problem
from walktimer.domain.summary import SCHEMA, Checkpoint, PhaseSummary, Summary

MAX_ID_ATTEMPTS = 20
INDEX_FORMAT = 1
SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
# Errors of a file system that cannot hard-link: publish by rename there instead.
NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK}
CHOICES = {"status": ("completed", "stopped", "interrupted"), "stop_reason": ("user", "pain")}
PHASE_KINDS = ("warmup", "fast", "slow", "cooldown")
# A process that started this long after a checkpoint's last moment cannot be its owner: the
# pid was reused (after a reboot, typically). The margin absorbs small clock adjustments.
PID_REUSE_MARGIN = 30.0


class RecoveryError(Exception):
    """A checkpoint that could not be turned into a summary; the message says where and why."""


# --- writing ------------------------------------------------------------------------------


def encode_summary(summary: Summary) -> str:
    data = msgspec.to_builtins(summary, builtin_types=(datetime,))
    return tomli_w.dumps(data)


def write_summary(summary: Summary, directory: Path) -> tuple[Path, Summary]:
    """Save a new summary; on a name clash take a new random suffix. Returns the path and the
    summary as saved (its id may have changed)."""
    if not SAFE_ID.fullmatch(summary.id):
        raise ValueError(f"not a usable summary id: {summary.id!r}")
    _make_folder(directory)
    for _ in range(MAX_ID_ATTEMPTS):
        final = directory / f"{summary.id}.toml"
        if _publish(encode_summary(summary).encode("utf-8"), final):
            return final, summary
        stem = summary.id.rsplit("-", 1)[0]
        summary = msgspec.structs.replace(summary, id=f"{stem}-{secrets.token_hex(2)}")
    raise FileExistsError(f"{directory}: no free file name for {summary.id}")


def replace_file(data: bytes, target: Path) -> None:
    """Atomically replace `target` (for files that are meant to be rewritten, like checkpoints)."""
    _make_folder(target.parent)
    _replace(data, target, durable=True)


def write_checkpoint(checkpoint: Checkpoint, path: Path) -> None:
    data = msgspec.to_builtins(checkpoint, builtin_types=(datetime,))
    replace_file(tomli_w.dumps(data).encode("utf-8"), path)


def clear_checkpoint(path: Path, pid: int) -> None:
    """Remove the checkpoint if it is still the one of process `pid`."""
    try:
        owner = msgspec.toml.decode(path.read_bytes(), type=Checkpoint).pid
    except (OSError, msgspec.DecodeError):
        return
    if owner == pid:
        path.unlink(missing_ok=True)


def _make_folder(directory: Path) -> None:
    """Create the folder if needed, and make its new entry in the parent durable too."""
    if directory.is_dir():
        return
    directory.mkdir(parents=True, exist_ok=True)
    _fsync_dir(directory.parent)


def _replace(data: bytes, target: Path, *, durable: bool) -> None:
    temp = _write_temp(data, target, durable=durable)
    try:
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if durable:
        _fsync_dir(target.parent)


def _publish(data: bytes, final: Path) -> bool:
    """Create `final` with `data`, whole or not at all; False if the name is taken."""
    if final.exists():
        return False
    temp = _write_temp(data, final, durable=True)
    try:
        os.link(temp, final)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in NO_LINKS or final.exists():
            raise
        temp.rename(final)  # no hard links here: rename, after the check above
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(final.parent)
    return True


def _write_temp(data: bytes, target: Path, *, durable: bool) -> Path:
    """A hidden `.name.xxxx.tmp` beside the target: readers skip such names."""
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a folder
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- reading ------------------------------------------------------------------------------

Stamp = tuple[int, int, int, int]  # inode, size, mtime_ns, ctime_ns


class _Entry(msgspec.Struct, array_like=True):
    name: str
    stamp: Stamp
    summary: Summary  # without its phases, which are kept apart so they can be skipped


class _Index(msgspec.Struct):
    key: str  # index format, schema, summary layout and folder: any change rebuilds it
    entries: list[_Entry]
    phases: msgspec.Raw  # list[list[PhaseSummary]], decoded only when asked for


# The fields of a summary as this walktimer knows them: a new field means a new index.
_LAYOUT = zlib.crc32(" ".join(Summary.__struct_fields__ + PhaseSummary.__struct_fields__).encode())
_INDEX_DECODER = msgspec.json.Decoder(_Index)
_PHASES_DECODER = msgspec.json.Decoder(list[list[PhaseSummary]])
Found = tuple[list[tuple[_Entry, list[PhaseSummary] | None]], list[str], bool]


def index_file(directory: Path) -> Path:
    """The index of `directory` lives beside it: `<data>/walktimer/cache/sessions.json`."""
    return directory.parent / "cache" / f"{directory.name}.json"


def read_summaries(directory: Path, *, phases: bool = True) -> tuple[list[Summary], list[str]]:
    """All readable summaries in `directory`, newest first, and one warning line per file that
    was skipped. With `phases=False` the summaries come without their phases (much faster for
    10,000 walks when only the totals are needed)."""
    try:
        stamps = _scan(directory)
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [f"{directory}: cannot read the folder: {exc.strerror or exc}; nothing listed"]
    path = index_file(directory)
    key = f"{INDEX_FORMAT}/{SCHEMA}/{_LAYOUT:08x}/{directory.absolute()}"
    with _cycle_collector_paused():
        index = _load_index(path, key)
        found = _gather(directory, stamps, index, phases)
        if found is None:  # the index's phases did not decode: do without the index
            found = _gather(directory, stamps, None, phases)
            assert found is not None
        records, warnings, changed = found
        if changed:
            _save_index(path, key, records)
        summaries: list[Summary] = []
        for entry, entry_phases in records:
            if phases:  # after the index is saved without them
                entry.summary.phases = entry_phases or []
            summaries.append(entry.summary)
        return _unique(newest_first(summaries), directory, warnings), warnings


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """10,000 summaries are some 300,000 new objects, none of them in a cycle: the cycle
    collector would walk them all again and again while they are made, for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _gather(
    directory: Path, stamps: dict[str, Stamp], index: _Index | None, phases: bool
) -> Found | None:
    """Entries from the index where the file is unchanged, parsed from the file otherwise."""
    known = {entry.name: entry for entry in index.entries} if index is not None else {}
    records: list[tuple[_Entry, list[PhaseSummary] | None]] = []
    warnings: list[str] = []
    fresh = 0
    for name in sorted(stamps):
        entry = known.get(name)
        if entry is not None and tuple(entry.stamp) == stamps[name]:
            records.append((entry, None))
            continue
        outcome = _read_file(directory / name)
        if isinstance(outcome, str):
            warnings.append(outcome)
            continue
        fresh += 1
        stripped = msgspec.structs.replace(outcome, phases=[])
        records.append((_Entry(name, stamps[name], stripped), outcome.phases))
    changed = index is None or fresh > 0 or len(records) - fresh != len(index.entries)
    if index is not None and (phases or changed):
        try:
            cached = dict(zip(known, _PHASES_DECODER.decode(index.phases), strict=True))
        except (msgspec.DecodeError, ValueError):
            return None
        records = [(e, cached[e.name] if p is None else p) for e, p in records]
    return records, warnings, changed


def _scan(directory: Path) -> dict[str, Stamp]:
    stamps: dict[str, Stamp] = {}
    with os.scandir(directory) as listing:
        for item in listing:
            if item.name.startswith(".") or not item.name.endswith(".toml"):
                continue
            try:
                if not item.is_file():
                    continue
                st = item.stat()
            except OSError:
                stamps[item.name] = (0, 0, 0, 0)  # unreadable: parsed again, and reported
                continue
            stamps[item.name] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return stamps


def _read_file(path: Path) -> Summary | str:
    """One summary file, or the warning line that says why it is skipped."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"{path}: cannot read: {exc.strerror or exc}; skipped"
    if not data.strip():
        return f"{path}: empty file; skipped"
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return f"{path}: not UTF-8 text; skipped"
    except tomllib.TOMLDecodeError as exc:
        return f"{path}: {toml_problem(exc)}; skipped"
    schema = raw.get("schema")
    if schema != SCHEMA or isinstance(schema, bool):
        if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
            return (
                f"{path}: written by a newer walktimer (schema {schema}; this one reads "
                f"schema {SCHEMA}); skipped, left as it is"
            )
        if schema is None:
            return f"{path}: no schema key, not a walk summary; skipped"
        return f"{path}: unknown schema {schema!r}; skipped"
    try:
        summary = msgspec.convert(raw, Summary, strict=True)
    except msgspec.ValidationError as exc:
        text = str(exc)
        choices = dict(CHOICES)
        if found := re.search(r"\$\.phases\[(\d+)\]\.kind", text):
            choices[f"phases[{int(found[1]) + 1}].kind"] = PHASE_KINDS
        return f"{path}: {validation_problem(text, raw, choices)}; skipped"
    for key in ("started_at", "ended_at"):
        if getattr(summary, key).tzinfo is None:
            return (
                f"{path}: {key}: expected a date and time with its UTC offset, like "
                f"2026-11-26T22:35:00+01:00; skipped"
            )
    return summary


def _unique(summaries: list[Summary], directory: Path, warnings: list[str]) -> list[Summary]:
    """One walk copied twice (by a sync tool, by hand) is listed once."""
    seen: set[str] = set()
    unique: list[Summary] = []
    for summary in summaries:
        if summary.id in seen:
            warnings.append(f"{directory}: walk {summary.id} is saved twice; listed once")
            continue
        seen.add(summary.id)
        unique.append(summary)
    return unique


def _load_index(path: Path, key: str) -> _Index | None:
    try:
        index = _INDEX_DECODER.decode(path.read_bytes())
    except (OSError, msgspec.DecodeError):
        return None
    return index if index.key == key else None


def _save_index(
    path: Path, key: str, records: list[tuple[_Entry, list[PhaseSummary] | None]]
) -> None:
    """Best effort: a read-only data folder only costs speed, never a listing."""
    body: dict[str, Any] = {
        "key": key,
        "entries": [entry for entry, _ in records],
        "phases": [phases or [] for _, phases in records],
    }
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(msgspec.json.encode(body), path, durable=False)


# --- recovery -----------------------------------------------------------------------------


def recover_checkpoint(checkpoint_path: Path, sessions_dir: Path) -> Path | None:
    """Turn the checkpoint of a walk whose process is gone into a summary; remove it.

    Returns the new summary's path, or None when there is nothing to recover (no checkpoint,
    or its owner is still walking). Raises RecoveryError when the checkpoint cannot be read
    or the summary cannot be written; the checkpoint is then left where it is."""
    try:
        data = checkpoint_path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise RecoveryError(f"{checkpoint_path}: cannot read: {exc.strerror or exc}") from None
    try:
        checkpoint = msgspec.toml.decode(data, type=Checkpoint)
    except msgspec.DecodeError as exc:
        raise RecoveryError(
            f"{checkpoint_path}: not a readable walk checkpoint ({exc}); "
            "it is kept for you to look at, and the next walk replaces it"
        ) from None
    if not SAFE_ID.fullmatch(checkpoint.summary.id):
        raise RecoveryError(f"{checkpoint_path}: id {checkpoint.summary.id!r} is not usable")
    if _owner_alive(checkpoint.pid, checkpoint.summary.ended_at):
        return None
    try:
        path = _publish_once(checkpoint.summary, sessions_dir)
    except OSError as exc:
        raise RecoveryError(
            f"cannot save the interrupted walk in {sessions_dir}: {exc.strerror or exc}; "
            f"it stays in {checkpoint_path}"
        ) from None
    clear_checkpoint(checkpoint_path, checkpoint.pid)
    return path


def _publish_once(summary: Summary, directory: Path) -> Path:
    """Write the recovered summary under its own id. Two commands recovering the same
    checkpoint at once write identical bytes: the second finds them and adds no copy."""
    _make_folder(directory)
    data = encode_summary(summary).encode("utf-8")
    final = directory / f"{summary.id}.toml"
    if _publish(data, final):
        return final
    with contextlib.suppress(OSError):
        if final.read_bytes() == data:
            return final
    return write_summary(summary, directory)[0]


def _owner_alive(pid: int, last_seen: datetime) -> bool:
    """Whether process `pid` may still be the one that wrote a checkpoint at `last_seen`."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    except (OSError, OverflowError):
        return False
    state = _linux_process(pid)
    if state is None:
        return True  # exists, and nothing more is known: leave its checkpoint alone
    status, started = state
    if status == "Z":  # ended, not yet reaped
        return False
    return started <= last_seen.timestamp() + PID_REUSE_MARGIN


def _linux_process(pid: int) -> tuple[str, float] | None:
    """The state letter and start time (epoch seconds) of a process, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        return fields[0], boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, StopIteration):
        return None
