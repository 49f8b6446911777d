"""The presets a walker can choose from: bundled ones, replaced by the user's own of the same id.

A broken user preset never stops the app: it is listed as unusable with its reason, and only
running it is refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal, get_args

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
from walktimer.domain.words import KIND_WORDS
from walktimer.errors import PresetError

Source = Literal["bundled", "user", "file"]
RoutineKind = Literal["warmup", "cooldown"]
ROUTINE_KINDS: tuple[RoutineKind, ...] = get_args(RoutineKind)


@dataclass(frozen=True)
class Entry:
    id: str
    source: Source
    path: str  # as shown to the walker
    kind: PresetKind | None  # None: the file does not say, or not as one of KINDS
    preset: Preset | None
    problems: tuple[str, ...] = ()
    total_seconds: int | None = None  # walks: warm-up + intervals + cool-down

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


def bundled_root() -> Path:
    """The presets shipped in the wheel, or the repository's `presets/` in a source checkout."""
    shipped = Path(str(resources.files("walktimer") / "presets"))
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[3] / "presets"


def is_path(ref: str) -> bool:
    return ref.endswith(".toml") or "/" in ref


def load_file(path: Path, source: Source, shown: str | None = None) -> Entry:
    where = shown if shown is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return Entry(path.stem, source, where, None, None, (f"{where}: cannot read: {reason}",))
    parsed = parse_preset(data, where)
    return Entry(path.stem, source, where, parsed.kind, parsed.preset, parsed.problems)


class Catalog:
    def __init__(self, entries: Iterable[Entry]) -> None:
        self._by_id: dict[str, Entry] = {}
        for entry in entries:
            self._by_id[entry.id] = entry  # later sources replace earlier ones
        for entry in list(self._by_id.values()):
            self._by_id[entry.id] = self.checked(entry)

    @classmethod
    def load(cls, user_dir: Path | None) -> Catalog:
        root = bundled_root()
        found = [load_file(p, "bundled", _relative(p, root.parent)) for p in _toml_files(root)]
        if user_dir is not None and user_dir.is_dir():
            found += [load_file(p, "user") for p in _toml_files(user_dir)]
        return cls(found)

    def entries(self, kind: str | None = None) -> list[Entry]:
        """Walks first (shortest first), then warm-ups, then cool-downs, then broken files."""
        order: dict[PresetKind | None, int] = {k: i for i, k in enumerate(KINDS)}
        chosen = [e for e in self._by_id.values() if kind is None or e.kind == kind]
        return sorted(
            chosen,
            key=lambda e: (order.get(e.kind, len(KINDS)), e.total_seconds or 0, e.id),
        )

    def walk_names(self) -> dict[str, str]:
        """Walk id to name, for showing past walks by name: only walks that can be used, so
        that a broken file never lends its id a name it may not have."""
        return {e.id: e.name for e in self.entries("walk") if e.usable}

    def find(self, ref: str) -> Entry:
        """An entry by id, or a preset file by path; PresetError if there is none."""
        if is_path(ref):
            path = Path(ref).expanduser()
            if not path.is_file():
                raise PresetError([f"{ref}: no such preset file"])
            return self.checked(load_file(path, "file", ref))
        if (found := self._by_id.get(ref)) is None:
            raise PresetError([f'no preset named "{ref}"'])
        return found

    def get(self, ref: str, kind: PresetKind) -> Entry:
        """Like `find`, but the preset must be of `kind`."""
        if not is_path(ref) and ref not in self._by_id:
            raise PresetError([f'no {KIND_WORDS[kind]} preset named "{ref}"{self._hint(kind)}'])
        entry = self.find(ref)
        if entry.kind is not None and entry.kind != kind:
            article = "an" if entry.kind == "warmup" else "a"
            word = KIND_WORDS[entry.kind]
            raise PresetError([f"{entry.path}: is {article} {word}, not a {KIND_WORDS[kind]}"])
        return entry

    def checked(self, entry: Entry) -> Entry:
        """The entry with the checks that need other presets: named routines and the total."""
        if entry.preset is None or entry.problems:
            return entry
        if isinstance(entry.preset, RoutinePreset):
            return dataclasses.replace(entry, total_seconds=entry.preset.total_seconds)
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
    ) -> Plan:
        """The timeline of a walk with its routines and overrides, or PresetError naming why."""
        walk_entry = self.get(walk_ref, "walk")
        walk = walk_entry.preset
        if walk_entry.problems or not isinstance(walk, WalkPreset):
            raise PresetError(list(walk_entry.problems))
        problems: list[str] = []
        for key, value in (("rounds", rounds), ("fast", fast_seconds), ("slow", slow_seconds)):
            if value is not None:
                problems += [f"--{p}" for p in check_override(key, value)]
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
        )
        if too_long := check_walk_total(plan.total_seconds):
            raise PresetError(too_long)
        return plan

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


def _toml_files(root: Path) -> Iterator[Path]:
    return iter(sorted(p for p in root.rglob("*.toml") if p.is_file()))


def _relative(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
