"""The presets a walker can choose from: bundled ones, replaced by the user's own of the same id.

A broken user preset never stops the app: it is listed as unusable with its reason, after the
usable presets of its kind, and only running it is refused. Nothing the walker put in the
presets folder is left out without a word: a file that cannot be read, or that another file
with the same id replaces, is listed with the reason; a folder that cannot be read is named in
`warnings`. Paths are absolute, so that a walker can find a file to read or copy it.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal, get_args

from walktimer.domain.inputs import Refused, name_text, path_text, read_limited, toml_files
from walktimer.domain.kinds import KINDS, PresetKind
from walktimer.domain.plan import Plan, build_plan
from walktimer.domain.presets import (
    NONE,
    Preset,
    RoutinePreset,
    WalkPreset,
    check_override,
    check_walk_total,
    parse_preset,
)
from walktimer.domain.program import ProgramPreset, ProgramWeek, program_id_problem
from walktimer.domain.words import KIND_WORDS, echo_text
from walktimer.errors import PresetError

Source = Literal["bundled", "user", "file"]
RoutineKind = Literal["warmup", "cooldown"]
ROUTINE_KINDS: tuple[RoutineKind, ...] = get_args(RoutineKind)
REPLACES_BUNDLED = "replaces the bundled one"  # said of a walker's preset with a bundled id


@dataclass(frozen=True)
class Entry:
    id: str
    source: Source
    path: str  # as shown to the walker: absolute, except for a file named by a relative path
    kind: PresetKind | None  # None: the file does not say, or not as one of KINDS
    preset: Preset | None
    problems: tuple[str, ...] = ()
    total_seconds: int | None = None  # walks: warm-up + intervals + cool-down
    replaces_bundled: bool = False  # the walker's own preset, used instead of a bundled one

    @property
    def usable(self) -> bool:
        return self.preset is not None and not self.problems

    @property
    def name(self) -> str:
        return self.preset.name if self.preset is not None else self.id

    @property
    def description(self) -> str:
        return self.preset.description if self.preset is not None else ""

    @property
    def error(self) -> str | None:
        return "; ".join(self.problems) if self.problems else None

    @property
    def absolute_path(self) -> str:
        """Where the file is, from anywhere: what a walker needs to open or copy it."""
        return str(Path(self.path).expanduser().absolute())


def bundled_root() -> Path:
    """The presets shipped in the wheel, or the repository's `presets/` in a source checkout."""
    shipped = Path(str(resources.files("walktimer") / "presets"))
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[3] / "presets"


def is_path(ref: str) -> bool:
    return ref.endswith(".toml") or "/" in ref


def load_file(path: Path, source: Source, shown: str | None = None) -> Entry:
    where = shown if shown is not None else path_text(path)
    stem = name_text(path.stem)
    try:
        data = read_limited(path)
    except Refused as refused:
        return Entry(stem, source, where, None, None, (f"{where}: {refused.reason}",))
    parsed = parse_preset(data, where)
    return Entry(stem, source, where, parsed.kind, parsed.preset, parsed.problems)


class Catalog:
    def __init__(self, entries: Iterable[Entry], warnings: Iterable[str] = ()) -> None:
        self.warnings = list(warnings)
        """One line for each folder of presets that could not be read."""
        self._by_id: dict[str, Entry] = {}
        self._shadowed: list[Entry] = []  # user files another file with their id replaces
        same_id: dict[str, list[Entry]] = {}
        bundled: set[str] = set()
        for entry in entries:
            if entry.source == "bundled":
                bundled.add(entry.id)
            if entry.source == "user":
                same_id.setdefault(entry.id, []).append(entry)
            self._by_id[entry.id] = entry  # later sources replace earlier ones
        for files in same_id.values():
            kept = max(files, key=lambda e: (e.usable, files.index(e)))
            self._by_id[kept.id] = dataclasses.replace(kept, replaces_bundled=kept.id in bundled)
            self._shadowed += [
                dataclasses.replace(
                    e, problems=(*e.problems, f"{e.path}: another file has this id: {kept.path}")
                )
                for e in files
                if e is not kept
            ]
        # Programmes last: their checks look at the walks they name, checked by then.
        for entry in sorted(self._by_id.values(), key=lambda e: e.kind == "program"):
            self._by_id[entry.id] = self.checked(entry)

    @classmethod
    def load(cls, user_dir: Path | None) -> Catalog:
        files, warnings = toml_files(bundled_root())
        found = [load_file(p, "bundled", path_text(p.absolute())) for p in files]
        if user_dir is not None:
            files, more = toml_files(user_dir)
            found += [load_file(p, "user", path_text(p.absolute())) for p in files]
            warnings += more
        return cls(found, warnings)

    def entries(self, kind: str | None = None) -> list[Entry]:
        """Walks first (shortest first), then warm-ups, then cool-downs, then programmes,
        then files of no known kind; within a kind the usable ones first, then those that
        cannot be used (a file that another with the same id replaces among them), each
        shortest first, then by id."""
        order: dict[PresetKind | None, int] = {k: i for i, k in enumerate(KINDS)}

        def place(entry: Entry) -> tuple[int, bool, int, str, bool, str]:
            used = self._by_id[entry.id]
            shadowed = entry is not used
            return (
                order.get(used.kind, len(KINDS)),
                not entry.usable,
                used.total_seconds or 0,
                entry.id,
                shadowed,
                entry.path,
            )

        every = [*self._by_id.values(), *self._shadowed]
        return sorted((e for e in every if kind is None or e.kind == kind), key=place)

    def walk_names(self) -> dict[str, str]:
        """Walk id to name, for showing past walks by name: only walks that can be used, so
        that a broken file never lends its id a name it may not have."""
        return {e.id: e.name for e in self.entries("walk") if e.usable}

    def find(self, ref: str) -> Entry:
        """An entry by id, or a preset file by path; PresetError if there is none."""
        if is_path(ref):
            return self.checked(self._load_path(ref))
        if (found := self._by_id.get(ref)) is None:
            raise PresetError([f'no preset named "{echo_text(ref)}"'])
        return found

    def get(self, ref: str, kind: PresetKind) -> Entry:
        """Like `find`, but the preset must be of `kind`.

        A file named by path is checked for its kind before its own references are followed:
        only walks name other presets, and only routines are named, so a walk whose warm-up is
        a path back to itself (or to another walk) is refused here instead of followed round
        and round."""
        if not is_path(ref) and ref not in self._by_id:
            named = f'no {KIND_WORDS[kind]} preset named "{echo_text(ref)}"'
            raise PresetError([named + self._hint(kind)])
        entry = self._load_path(ref) if is_path(ref) else self._by_id[ref]
        if entry.kind is not None and entry.kind != kind:
            word = KIND_WORDS[entry.kind]  # "a walk", "a warm-up", "a cool-down"
            raise PresetError([f"{entry.path}: is a {word}, not a {KIND_WORDS[kind]}"])
        return self.checked(entry) if is_path(ref) else entry

    def _load_path(self, ref: str) -> Entry:
        path = Path(ref).expanduser()
        if not os.path.lexists(path):
            raise PresetError([f"{echo_text(ref)}: no such preset file"])
        return load_file(path, "file", path_text(ref))

    def checked(self, entry: Entry) -> Entry:
        """The entry with the checks that need other presets: named routines and the total;
        for a programme, each week's walk as the week plans it."""
        if entry.preset is None or entry.problems:
            return entry
        if isinstance(entry.preset, RoutinePreset):
            return dataclasses.replace(entry, total_seconds=entry.preset.total_seconds)
        if isinstance(entry.preset, ProgramPreset):
            found = tuple(f"{entry.path}: {p}" for p in self._program_problems(entry))
            return dataclasses.replace(entry, problems=found)
        problems: list[str] = []
        routines: dict[RoutineKind, RoutinePreset | None] = {}
        for kind in ROUTINE_KINDS:
            ref = getattr(entry.preset, kind)
            if ref == NONE:
                routines[kind] = None
                continue
            try:
                routines[kind] = self._usable_routine(ref, kind)
            except PresetError as exc:
                problems += [f"{entry.path}: {kind}: {p}" for p in exc.problems]
        if problems:
            return dataclasses.replace(entry, problems=tuple(problems))
        total = _walk_seconds(entry.preset) + sum(
            r.total_seconds for r in routines.values() if r is not None
        )
        problems = [f"{entry.path}: {p}" for p in check_walk_total(total)]
        return dataclasses.replace(entry, problems=tuple(problems), total_seconds=total)

    def plan(
        self,
        walk_ref: str,
        warmup_ref: str | None = None,
        cooldown_ref: str | None = None,
        *,
        rounds: int | None = None,
        fast_seconds: int | None = None,
        slow_seconds: int | None = None,
        cadence: tuple[int | None, int | None] | None = None,
    ) -> Plan:
        """The timeline of a walk with its routines and overrides, or PresetError naming why.
        `cadence` (fast, slow) replaces the walk's own cadences; None keeps them."""
        walk_entry = self.get(walk_ref, "walk")
        walk = walk_entry.preset
        if walk_entry.problems or not isinstance(walk, WalkPreset):
            raise PresetError(list(walk_entry.problems))
        problems: list[str] = []
        for key, value in (("rounds", rounds), ("fast", fast_seconds), ("slow", slow_seconds)):
            if value is not None:
                problems += [f"--{p}" for p in check_override(key, value)]
        for value in cadence or ():
            if value is not None:
                problems += [f"--{p}" for p in check_override("cadence", value)]
        routines: dict[RoutineKind, tuple[str, RoutinePreset] | None] = {}
        refs: dict[RoutineKind, str] = {
            "warmup": warmup_ref or walk.warmup,
            "cooldown": cooldown_ref or walk.cooldown,
        }
        for kind, ref in refs.items():
            try:
                routine = None if ref == NONE else self._usable_routine(ref, kind)
            except PresetError as exc:
                problems += exc.problems
                continue
            routines[kind] = None if routine is None else (_id_of(ref), routine)
        if problems:
            raise PresetError(problems)
        plan = build_plan(
            walk_entry.id,
            walk,
            routines["warmup"],
            routines["cooldown"],
            rounds=rounds,
            fast_seconds=fast_seconds,
            slow_seconds=slow_seconds,
            cadence=cadence,
        )
        if too_long := check_walk_total(plan.total_seconds):
            raise PresetError(too_long)
        return plan

    def program(self, ref: str) -> tuple[str, ProgramPreset]:
        """A usable programme by id (or path), with its id; PresetError naming why not."""
        entry = self.get(ref, "program")
        if entry.problems or not isinstance(entry.preset, ProgramPreset):
            raise PresetError(list(entry.problems) or [f"{entry.path}: cannot be used"])
        return entry.id, entry.preset

    def week_plan(self, program_id: str, week: int) -> Plan:
        """The walk of the programme's week `week` (from 1), with that week's changes to it,
        marked as that week's (`plan.program`, `plan.program_week`); PresetError if the
        programme cannot be used or has no such week."""
        found, program = self.program(program_id)
        if not 1 <= week <= len(program.weeks):
            weeks = len(program.weeks)
            raise PresetError([f"{echo_text(found)}: no week {week}; the programme has {weeks}"])
        plan = self._week(program.weeks[week - 1])
        return dataclasses.replace(plan, program=found, program_week=week)

    def _week(self, week: ProgramWeek) -> Plan:
        return self.plan(
            week.walk,
            week.warmup,
            week.cooldown,
            rounds=week.rounds,
            fast_seconds=week.fast_seconds,
            slow_seconds=week.slow_seconds,
        )

    def _program_problems(self, entry: Entry) -> list[str]:
        """Each week's walk, warm-up and cool-down must be there and usable, and the week's
        walk no longer than 6 hours: a problem names its week (`weeks[3].walk: ...`). A
        programme's id is written into each walk walked in it, so it must be one that
        summaries can hold."""
        assert isinstance(entry.preset, ProgramPreset)
        problems = [] if (bad := program_id_problem(entry.id)) is None else [bad]
        for number, week in enumerate(entry.preset.weeks, start=1):
            key, before = f"weeks[{number}]", len(problems)
            kinds: tuple[PresetKind, ...] = ("walk", *ROUTINE_KINDS)
            for kind in kinds:
                ref: str | None = getattr(week, kind)
                if ref is None or (ref == NONE and kind != "walk"):
                    continue
                try:
                    problems += [f"{key}.{kind}: {p}" for p in self.get(ref, kind).problems]
                except PresetError as exc:
                    problems += [f"{key}.{kind}: {p}" for p in exc.problems]
            if len(problems) == before:
                try:
                    self._week(week)
                except PresetError as exc:  # the overrides are checked as the file is read
                    problems += [f"{key}: {p}" for p in exc.problems]
        return problems

    def _usable_routine(self, ref: str, kind: RoutineKind) -> RoutinePreset:
        entry = self.get(ref, kind)
        if entry.problems or not isinstance(entry.preset, RoutinePreset):
            raise PresetError(list(entry.problems) or [f"{entry.path}: cannot be used"])
        return entry.preset

    def _hint(self, kind: PresetKind) -> str:
        ids = sorted(e.id for e in self._by_id.values() if e.kind == kind)
        return f" (there are: {', '.join(ids)})" if ids else ""


def _walk_seconds(walk: WalkPreset) -> int:
    iv = walk.intervals
    return iv.rounds * (iv.fast_seconds + iv.slow_seconds)


def _id_of(ref: str) -> str:
    return Path(ref).stem if is_path(ref) else ref
