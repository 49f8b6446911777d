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
import tomllib
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import msgspec

from walktimer.domain.decoding import toml_problem, validation_problem
from walktimer.domain.history import newest_first
from walktimer.domain.plan import PhaseKind
from walktimer.domain.session import StopReason
from walktimer.domain.summary import SCHEMA, PhaseSummary, Summary, SummaryStatus
from walktimer.storage.files import replace_file

INDEX_FORMAT = 1
CHOICES = {"status": get_args(SummaryStatus), "stop_reason": get_args(StopReason)}
PHASE_KINDS = tuple(kind.value for kind in PhaseKind)


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
    # Keys this walktimer does not know are ignored (a newer one added them); a newer schema
    # means the known keys may have changed meaning, so such a file is not read at all.
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
        replace_file(msgspec.json.encode(body), path, durable=False)
