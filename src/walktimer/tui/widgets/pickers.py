"""The choices of home: the walk, its warm-up and its cool-down in three lists, and the rounds,
seconds and fast intervals' steps a minute changed from the walk's own.

Each preset is one line. Those that cannot be used come after the usable ones (in the routine
lists after "None" too), with the short reason beside the name; they can be highlighted, so
that the screen can say in full why they cannot be walked. The lists hold catalog entries;
`picked` gives back what is highlighted, `choices()` what would be walked and remembered, and
`plan()` the walk it makes or why it makes none. A new walk brings its own rounds and seconds
(`follow_walk`, at each change of what is highlighted); a measured pace is the walker's own,
not the walk's, and stays until it is reset.
"""

from __future__ import annotations

from typing import Literal

import msgspec
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from walktimer.domain.catalog import Catalog, Entry
from walktimer.domain.plan import Plan
from walktimer.domain.presets import MAX_ROUNDS, MAX_STEP_SECONDS, NONE, WalkPreset
from walktimer.domain.words import KIND_WORDS, duration_text, echo_text, safe_text
from walktimer.errors import PresetError
from walktimer.storage.choices import Choices
from walktimer.tui.text import shown

AS_WALK = "walk's own"  # option id: the routine the walk itself names
Kind = Literal["walk", "warmup", "cooldown"]
LISTS: dict[Kind, tuple[str, str]] = {  # each list's id and title
    "walk": ("walks", "Walk"),
    "warmup": ("warmups", "Warm-up"),
    "cooldown": ("cooldowns", "Cool-down"),
}
Picked = Entry | str | None
"""What a list has highlighted: a preset, AS_WALK or NONE, or nothing."""
ADJUSTABLE = ("rounds", "fast_seconds", "slow_seconds", "fast_cadence")
WALKERS_OWN = ("fast_cadence",)  # kept when another walk is chosen: a pace measured by the walker
MIN_KEYED_SECONDS = 5  # the keys shorten an interval no further (a preset itself may)
SECOND_STEPS = ((60, 5), (300, 15))  # under a minute 5 s a press, under five 15 s, then 60 s


def step_value(key: str, value: int, direction: int, own: int | None = None) -> int:
    """The next value up or down: rounds one by one (1 to 200); seconds on round steps (a 32 s
    interval goes to 30 or 35), from 5 s up to the limit of an interval. A step never passes
    over `own`, the walk's own value, so the keys always find their way back to it."""
    if key == "rounds":
        return max(1, min(MAX_ROUNDS, value + direction))

    def step(seconds: int) -> int:
        return next((size for limit, size in SECOND_STEPS if seconds < limit), 60)

    if direction > 0:
        size = step(value)
        new = (value // size + 1) * size
    else:
        size = step(value - 1)
        new = -(-value // size) * size - size
    if own is not None and own != value and min(new, value) <= own <= max(new, value):
        return own
    return max(min(value, MIN_KEYED_SECONDS), min(MAX_STEP_SECONDS, new))


def numbers(choices: Choices) -> dict[str, int]:
    """The rounds, seconds and pace `choices` change from the walk's own, by the names of
    ADJUSTABLE."""
    return {k: v for k in ADJUSTABLE if (v := getattr(choices, k)) is not None}


def usable(picked: Picked) -> bool:
    return picked is not None and (isinstance(picked, str) or picked.usable)


def entry_prompt(entry: Entry) -> Text:
    """One line: the name and length, or the name and why it cannot be used (without the
    path, which the screen shows in full when the entry is highlighted)."""
    if not entry.usable:
        reason = (entry.problems or ("cannot be read",))[0].removeprefix(f"{entry.path}: ")
        text = shown(entry.name, "dim", no_wrap=True)
        text.append(f"  unusable: {safe_text(reason)}", "italic")
    else:
        text = shown(entry.name, no_wrap=True)
        if entry.total_seconds:
            text.append(f"  {duration_text(entry.total_seconds)}", "dim")
    text.overflow = "ellipsis"
    return text


def one_line(text: str) -> Text:
    line = shown(text, no_wrap=True)
    line.overflow = "ellipsis"
    return line


class Pickers(Vertical):
    """The walk, warm-up and cool-down lists, each an OptionList with its own id."""

    def __init__(self, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalog = catalog
        walks = catalog.entries("walk") + [e for e in catalog.entries() if e.kind is None]
        ordered: list[Entry | str] = [e for e in walks if e.usable]
        self.entries: dict[Kind, list[Entry | str]] = {
            "walk": ordered + [e for e in walks if not e.usable]
        }
        for kind in ("warmup", "cooldown"):
            found = catalog.entries(kind)
            good: list[Entry | str] = [e for e in found if e.usable]
            self.entries[kind] = [AS_WALK, *good, NONE, *[e for e in found if not e.usable]]
        self.adjusted: dict[str, int] = {}
        """Rounds, seconds and pace changed from the walk's own (keys of ADJUSTABLE)."""
        self._walk_id: str | None = None  # the walk the adjustments belong to
        self._named_for: Entry | None = None  # the walk "As the walk says" names routines of

    def compose(self) -> ComposeResult:
        ids = [e.id for e in self.catalog.entries()]
        for kind, (list_id, title) in LISTS.items():
            options = []
            for entry in self.entries[kind]:
                if isinstance(entry, str):
                    options.append(
                        Option(one_line("None" if entry == NONE else "As the walk says"), id=entry)
                    )
                    continue
                # A file another file with its id replaces has no option id of its own.
                option_id = entry.id if entry.usable or ids.count(entry.id) == 1 else None
                options.append(Option(entry_prompt(entry), id=option_id))
            picker = OptionList(*options, id=list_id)
            picker.border_title = title
            yield picker

    def kind_of(self, picker: OptionList) -> Kind | None:
        return next((kind for kind, (list_id, _) in LISTS.items() if list_id == picker.id), None)

    def picker(self, kind: Kind) -> OptionList:
        return self.query_one(f"#{LISTS[kind][0]}", OptionList)

    def picked(self, kind: Kind) -> Picked:
        index = self.picker(kind).highlighted
        return None if index is None else self.entries[kind][index]

    def ref(self, kind: Kind) -> str | None:
        """The choice the list makes: a preset id, NONE, or None for the walk's own."""
        picked = self.picked(kind)
        if isinstance(picked, Entry):
            return picked.id
        return None if picked in (None, AS_WALK) else picked

    def index(self, kind: Kind, ref: str) -> int | None:
        """Where `ref` (an id, AS_WALK or NONE) is in a list, as an option that can be used."""
        for index, entry in enumerate(self.entries[kind]):
            if (entry == ref) if isinstance(entry, str) else (entry.id == ref and entry.usable):
                return index
        return None

    def highlight(self, kind: Kind, ref: str) -> None:
        """Highlight `ref` in its list, or the first option that can be used if it is not
        there."""
        index = self.index(kind, ref)
        if index is None:
            index = next((i for i, e in enumerate(self.entries[kind]) if usable(e)), 0)
        self.picker(kind).highlighted = index

    def name_walks_own(self) -> None:
        """`As the walk says (Easy walk)`: which routine that is, for the walk now chosen (the
        lists are redrawn only when the walk has changed)."""
        walk = self.picked("walk")
        if not isinstance(walk, Entry) or walk is self._named_for:
            return
        preset = walk.preset
        if not isinstance(preset, WalkPreset):
            return
        self._named_for = walk
        for kind in ("warmup", "cooldown"):
            ref = getattr(preset, kind)
            prompt = one_line(f"As the walk says ({self.routine_name(ref)})")
            self.picker(kind).replace_option_prompt(AS_WALK, prompt)

    def routine_name(self, ref: str) -> str:
        try:
            return ref if ref == NONE else self.catalog.find(ref).name
        except PresetError:
            return ref

    def walks_own(self, kind: Kind) -> Entry | None:
        """The routine the chosen walk names for `kind`; None for none, or one not found."""
        walk = self.picked("walk")
        ref = getattr(walk.preset, kind, NONE) if isinstance(walk, Entry) else NONE
        if ref == NONE:
            return None
        try:
            return self.catalog.find(ref)
        except PresetError:
            return None

    # --- what is chosen -------------------------------------------------------------------

    def apply(self, choices: Choices) -> None:
        """Highlight the choices in the lists and take their numbers, without a
        message for each list: the caller shows the plan they make, once."""
        with self.prevent(OptionList.OptionHighlighted):
            self.highlight("walk", choices.walk)
            self.highlight("warmup", choices.warmup or AS_WALK)
            self.highlight("cooldown", choices.cooldown or AS_WALK)
        walk = self.picked("walk")
        self._walk_id = walk.id if isinstance(walk, Entry) else None
        self.adjusted = numbers(choices)

    def choices(self) -> Choices | None:
        """What the lists and the keys have chosen, as it would be remembered."""
        walk = self.ref("walk")
        if walk is None:
            return None
        warmup, cooldown = self.ref("warmup"), self.ref("cooldown")
        return Choices(walk=walk, warmup=warmup, cooldown=cooldown, **self.adjusted)

    def unknown(self, choices: Choices) -> str | None:
        """Which of the choices is not in the lists as one that can be walked, if any."""
        refs: dict[Kind, str | None] = {
            "walk": choices.walk,
            "warmup": choices.warmup,
            "cooldown": choices.cooldown,
        }
        for kind, ref in refs.items():
            if ref is not None and self.index(kind, ref) is None:
                return f'no {KIND_WORDS[kind]} "{echo_text(ref)}" that can be walked here'
        return None

    def problem(self, choices: Choices) -> str | None:
        """Why `choices` (remembered, or suggested) make no walk here, or None."""
        if problem := self.unknown(choices):
            return problem
        try:
            self.plan_of(choices)
        except PresetError as exc:
            return exc.problems[0]
        return None

    def plan_of(self, choices: Choices) -> Plan:
        """The walk `choices` make; PresetError naming why they make none."""
        return self.catalog.plan(
            choices.walk,
            choices.warmup,
            choices.cooldown,
            rounds=choices.rounds,
            fast_seconds=choices.fast_seconds,
            slow_seconds=choices.slow_seconds,
            cadence=self.cadence_of(choices),
        )

    def cadence_of(self, choices: Choices) -> tuple[int | None, int | None] | None:
        """The (fast, slow) steps a minute of `choices`: a fast pace chosen, beside the walk's
        own slow one; None, the walk's own of both."""
        if choices.fast_cadence is None:
            return None
        try:
            preset = self.catalog.get(choices.walk, "walk").preset
        except PresetError:  # the plan says why, in full
            preset = None
        slow = preset.intervals.slow_cadence if isinstance(preset, WalkPreset) else None
        return choices.fast_cadence, slow

    def own(self) -> dict[str, int]:
        """The chosen walk's own numbers, by the names of ADJUSTABLE (a pace it has none of is
        not there)."""
        walk = self.picked("walk")
        preset = walk.preset if isinstance(walk, Entry) else None
        if not isinstance(preset, WalkPreset):
            return {}
        iv = preset.intervals
        own = {
            "rounds": iv.rounds,
            "fast_seconds": iv.fast_seconds,
            "slow_seconds": iv.slow_seconds,
        }
        if iv.fast_cadence is not None:
            own["fast_cadence"] = iv.fast_cadence
        return own

    def follow_walk(self) -> None:
        """A walk newly chosen drops the rounds and seconds changed for the one before (the
        walker's own pace stays); a number that is the walk's own is no change."""
        walk = self.picked("walk")
        if isinstance(walk, Entry) and walk.id != self._walk_id:
            self._walk_id = walk.id
            self.adjusted = {k: v for k, v in self.adjusted.items() if k in WALKERS_OWN}
        own = self.own()
        self.adjusted = {
            k: v for k, v in self.adjusted.items() if k in WALKERS_OWN or own.get(k) != v
        }

    def plan(self) -> tuple[Plan | None, list[str]]:
        """The walk the choices make, or None and why."""
        picked = [self.picked(kind) for kind in LISTS]
        if broken := [e for e in picked if isinstance(e, Entry) and not e.usable]:
            return None, [p for entry in broken for p in entry.problems]
        choices = self.choices()
        if choices is None or not all(usable(e) for e in picked):
            return None, []
        try:
            return self.plan_of(choices), []
        except PresetError as exc:
            return None, exc.problems

    def adjust(self, key: str, direction: int) -> Plan | str:
        """Change the rounds or the seconds of `key` by a step: the walk it makes, or why not
        (empty at the end of the range)."""
        plan, problems = self.plan()
        choices = self.choices()
        if plan is None or choices is None:
            return "\n".join(problems) or "Choose a walk first."
        current: int = getattr(plan, key)
        own = self.own().get(key)
        value = step_value(key, current, direction, own)
        if value == current:
            return ""
        changed = msgspec.structs.replace(choices, **{key: None if value == own else value})
        try:
            adjusted = self.plan_of(changed)
        except PresetError as exc:  # longer than a walk may be
            return exc.problems[0]
        self.adjusted = numbers(changed)
        return adjusted

    def use_cadence(self, steps_per_minute: int) -> Plan | str:
        """Click the fast intervals at `steps_per_minute`: the walk it makes, or why not."""
        choices = self.choices()
        if choices is None:
            return "Choose a walk first."
        changed = msgspec.structs.replace(choices, fast_cadence=steps_per_minute)
        try:
            plan = self.plan_of(changed)
        except PresetError as exc:
            return exc.problems[0]
        self.adjusted = numbers(changed)
        return plan
