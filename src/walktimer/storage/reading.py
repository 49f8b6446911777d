"""Reading walk summaries back, newest first, without ever changing a file.

Parsing TOML is slow (about a millisecond a file), so the decoded summaries are kept in a JSON
index beside the sessions folder; the files stay the truth: each one is checked against its
inode, size and times on every read and parsed again if any of them differ.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import msgspec

from walktimer.domain.decoding import parse_toml, show_value, validation_problem
from walktimer.domain.history import newest_first
from walktimer.domain.inputs import Refused, path_text, read_limited
from walktimer.domain.plan import PhaseKind
from walktimer.domain.session import StopReason
from walktimer.domain.summary import (
    SCHEMA,
    PhaseSummary,
    Summary,
    SummaryStatus,
    summary_problem,
)
from walktimer.domain.words import echo_text
from walktimer.storage.files import replace_file

# 2: summaries are checked for values out of range, which an index of format 1 let through.
INDEX_FORMAT = 2
CHOICES = {"status": get_args(SummaryStatus), "stop_reason": get_args(StopReason)}
PHASE_KINDS = tuple(kind.value for kind in PhaseKind)
NEWER = "written by a newer walktimer"


Stamp = tuple[int, int, int, int]  # inode, size, mtime_ns, ctime_ns
NO_STAMP: Stamp = (0, 0, 0, 0)  # a file that could not be looked at: read, and reported


class SessionsFolderError(OSError):
    """The folder of saved walks is there but cannot be listed. No walk can be shown, and
    "no walks saved yet" would be untrue: the message names the folder and why."""


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
MAX_INDEX_BYTES = 256 * 1024**2  # some 70,000 walks with their phases; past that, rebuilt
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
    except NotADirectoryError:
        raise SessionsFolderError(f"{path_text(directory)}: not a folder") from None
    except OSError as exc:
        raise SessionsFolderError(
            f"{path_text(directory)}: cannot read the folder of saved walks: {exc.strerror or exc}"
        ) from None
    path = index_file(directory)
    key = f"{INDEX_FORMAT}/{SCHEMA}/{_LAYOUT:08x}/{path_text(directory.absolute())}"
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


def add_phases(directory: Path, summary: Summary) -> None:
    """Give a summary read without its phases (`phases=False`) its phases back, from its file
    `<id>.toml`: when one walk of thousands needs them. Left without them if that file is gone
    or no longer holds the same walk."""
    try:
        decoded = decode_summary(read_limited(directory / f"{summary.id}.toml"))
    except Refused:
        return
    if not isinstance(decoded, str) and decoded[1].id == summary.id:
        summary.phases = decoded[1].phases


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
    fresh = loose = 0  # loose: files whose names the index cannot hold, read every time
    for name in sorted(stamps):
        entry = known.get(name)
        if entry is not None and tuple(entry.stamp) == stamps[name]:
            records.append((entry, None))
            continue
        outcome = _read_file(directory / name)
        if outcome is None:  # gone since the folder was listed
            continue
        if isinstance(outcome, str):
            warnings.append(outcome)
            continue
        if _indexable(name):
            fresh += 1
        else:
            loose += 1
        stripped = msgspec.structs.replace(outcome, phases=[])
        records.append((_Entry(name, stamps[name], stripped), outcome.phases))
    changed = index is None or fresh > 0 or len(records) - fresh - loose != len(index.entries)
    if index is not None and (phases or changed):
        try:
            cached = dict(zip(known, _PHASES_DECODER.decode(index.phases), strict=True))
        except (msgspec.DecodeError, ValueError, RecursionError):
            return None
        records = [(e, cached[e.name] if p is None else p) for e, p in records]
    return records, warnings, changed


def _scan(directory: Path) -> dict[str, Stamp]:
    """The stamps of the `*.toml` names in the folder. Anything but a folder is listed: a
    named pipe, a device, a link that loops or leads nowhere is then refused by `_read_file`
    with its reason, instead of vanishing without a word."""
    stamps: dict[str, Stamp] = {}
    with os.scandir(directory) as listing:
        for item in listing:
            if item.name.startswith(".") or not item.name.endswith(".toml"):
                continue
            try:
                st = item.stat()  # through a link, to what it leads to
            except OSError:
                stamps[item.name] = NO_STAMP
                continue
            if not stat.S_ISDIR(st.st_mode):
                stamps[item.name] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return stamps


def _indexable(name: str) -> bool:
    """A name that is not UTF-8 (its odd bytes held as surrogates) cannot go into JSON."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _read_file(path: Path) -> Summary | str | None:
    """One summary file, or the warning line that says why it is skipped; None if it has
    gone since the folder was listed."""
    shown = path_text(path)
    try:
        data = read_limited(path)
    except Refused as refused:
        return None if refused.missing else f"{shown}: {refused.reason}; skipped"
    decoded = decode_summary(data)
    if isinstance(decoded, str):
        kept = ", left as it is" if decoded.startswith(NEWER) else ""
        return f"{shown}: {decoded}; skipped{kept}"
    return decoded[1]


def decode_summary(data: bytes) -> tuple[dict[str, Any], Summary] | str:
    """The TOML document of a summary file and the summary it holds, or why it is not one
    this walktimer can use: `pain_after: expected an integer <= 10, got 11`."""
    if not data.strip():
        return "empty file"
    raw = parse_toml(data)
    if isinstance(raw, str):
        return raw
    # Keys this walktimer does not know are ignored (a newer one added them); a newer schema
    # means the known keys may have changed meaning, so such a file is not read at all.
    schema = raw.get("schema")
    if schema != SCHEMA or isinstance(schema, bool):
        if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
            return f"{NEWER} (schema {echo_text(schema)}; this one reads schema {SCHEMA})"
        if schema is None:
            return "no schema key, not a walk summary"
        return f"unknown schema {echo_text(show_value(schema))}"
    try:
        summary = msgspec.convert(raw, Summary, strict=True)
    except msgspec.ValidationError as exc:
        text = str(exc)
        choices = dict(CHOICES)
        if found := re.search(r"\$\.phases\[(\d+)\]\.kind", text):
            choices[f"phases[{int(found[1]) + 1}].kind"] = PHASE_KINDS
        return validation_problem(text, raw, choices)
    if (problem := summary_problem(summary)) is not None:
        return problem
    return raw, summary


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
        index = _INDEX_DECODER.decode(read_limited(path, MAX_INDEX_BYTES))
    except (Refused, msgspec.DecodeError, RecursionError):
        return None
    return index if index.key == key else None


def _save_index(
    path: Path, key: str, records: list[tuple[_Entry, list[PhaseSummary] | None]]
) -> None:
    """Best effort: a read-only data folder only costs speed, never a listing."""
    kept = [(entry, phases) for entry, phases in records if _indexable(entry.name)]
    body: dict[str, Any] = {
        "key": key,
        "entries": [entry for entry, _ in kept],
        "phases": [phases or [] for _, phases in kept],
    }
    with contextlib.suppress(OSError):
        replace_file(msgspec.json.encode(body), path, durable=False)
