"""Home: choose the walk, its warm-up and cool-down, see the whole timeline, and start.

Unusable presets stay in the lists, disabled, with the reason beside them, so a walker who
broke a file sees why it is not offered instead of wondering where it went. The screen reads
the saved walks again (on a thread) each time it comes back, so a walk just saved shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from walktimer.config import Config
from walktimer.domain.catalog import Catalog, Entry
from walktimer.domain.plan import Plan
from walktimer.domain.presets import NONE, WalkPreset
from walktimer.domain.stats import Stats, compute_stats
from walktimer.domain.summary import Summary
from walktimer.domain.words import duration_text, safe_text
from walktimer.errors import PresetError
from walktimer.storage import read_summaries
from walktimer.storage.reading import SessionsFolderError
from walktimer.tui.screens.history import HistoryScreen
from walktimer.tui.text import shown
from walktimer.tui.widgets.recent import RecentWalks
from walktimer.tui.widgets.timeline import Timeline

AS_WALK = "walk's own"  # option id: the routine the walk itself names


@dataclass(frozen=True)
class History:
    """The saved walks (newest first), their numbers, and the files that could not be read."""

    summaries: list[Summary]
    stats: Stats
    warnings: list[str]
    problem: str | None = None
    """Why the folder of saved walks could not be read at all: then there are no summaries,
    and the screens must say so rather than show an empty history."""


@dataclass
class StartWalk(Message):
    """The walker pressed start with this plan."""

    plan: Plan


@dataclass
class HistoryRead(Message):
    """The saved walks, read on a thread, for the screen to show."""

    history: History


def entry_prompt(entry: Entry) -> Text:
    if not entry.usable:
        text = shown(entry.name, "strike")
        text.append(f"\n  unusable: {safe_text(entry.error or 'cannot be read')}", "italic")
        return text
    text = shown(entry.name)
    if entry.total_seconds:
        text.append(f"  {duration_text(entry.total_seconds)}", "dim")
    return text


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", "Start walk", id="home.start", tooltip="Walk the chosen plan now"),
        Binding("h", "history", "History", id="home.history", tooltip="Your walks and progress"),
        Binding("q", "app.quit", "Quit", id="home.quit", tooltip="Close walktimer"),
    ]

    plan: var[Plan | None] = var(None)
    """The walk the three choices make, or None when they make none."""
    problems: var[tuple[str, ...]] = var(())
    """Why the choices make no walk."""
    now: var[datetime | None] = var(None)
    """The wall clock to the minute, for when the walk would end."""

    def __init__(
        self,
        catalog: Catalog,
        config: Config,
        *,
        wall: Callable[[], datetime],
        sessions_dir: Path,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.config = config
        self.sessions_dir = sessions_dir
        self._wall = wall
        self.history: History | None = None
        """The saved walks as last read; None until the first reading is done."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="home"):
            with Vertical(id="pickers"):
                yield self._picker("walks", "Walk", self._walk_options())
                yield self._picker("warmups", "Warm-up", self._routine_options("warmup"))
                yield self._picker("cooldowns", "Cool-down", self._routine_options("cooldown"))
            with Vertical(id="overview"):
                with VerticalScroll(id="plan-panel") as panel:
                    panel.border_title = "Timeline"
                    yield Static(id="description")
                    yield Timeline(id="timeline").data_bind(
                        HomeScreen.plan, HomeScreen.problems, HomeScreen.now
                    )
                yield Button("Start walk (s)", id="start", variant="success")
                recent = RecentWalks(self.catalog.walk_names(), id="recent")
                recent.border_title = "Recent walks"
                yield recent
        yield Footer()

    def _picker(self, list_id: str, title: str, options: list[Option]) -> OptionList:
        picker = OptionList(*options, id=list_id)
        picker.border_title = title
        return picker

    def _walk_options(self) -> list[Option]:
        entries = self.catalog.entries("walk") + [
            e for e in self.catalog.entries() if e.kind is None
        ]
        return [Option(entry_prompt(e), id=e.id, disabled=not e.usable) for e in entries]

    def _routine_options(self, kind: str) -> list[Option]:
        options = [Option(Text("As the walk says"), id=AS_WALK)]
        options += [
            Option(entry_prompt(e), id=e.id, disabled=not e.usable)
            for e in self.catalog.entries(kind)
        ]
        options.append(Option(Text("None"), id=NONE))
        return options

    def on_mount(self) -> None:
        defaults = self.config.defaults
        self._choose("#walks", defaults.walk)
        self._choose("#warmups", defaults.warmup or AS_WALK)
        self._choose("#cooldowns", defaults.cooldown or AS_WALK)
        self.query_one("#walks", OptionList).focus()
        self.update_plan()
        self._next_minute()
        for warning in self.catalog.warnings:  # a folder of presets that could not be read
            self.notify(safe_text(warning), severity="warning", timeout=15, markup=False)

    def on_screen_resume(self) -> None:
        """Shown again (first shown, or back from a walk or the history): read the saved
        walks afresh. Not when another screen is already on its way over this one."""
        if self.is_active:
            self.load_history()

    def _next_minute(self) -> None:
        """Move `now` on at each new minute, so the ends-at time stays true."""
        now = self._wall()
        self.now = now
        self.set_timer(60.5 - now.second - now.microsecond / 1e6, self._next_minute)

    def _choose(self, selector: str, option_id: str) -> None:
        picker = self.query_one(selector, OptionList)
        try:
            index = picker.get_option_index(option_id)
        except OptionDoesNotExist:  # an unknown default: the first usable option will do
            index = next((i for i, o in enumerate(picker.options) if not o.disabled), 0)
        if picker.get_option_at_index(index).disabled:
            index = next((i for i, o in enumerate(picker.options) if not o.disabled), index)
        picker.highlighted = index

    def _chosen(self, selector: str) -> str | None:
        option = self.query_one(selector, OptionList).highlighted_option
        return None if option is None else option.id

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self.update_plan()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.focus_next()

    def update_plan(self) -> None:
        """The plan the three choices make, and the walk's description."""
        walk = self._chosen("#walks")
        warmup, cooldown = self._chosen("#warmups"), self._chosen("#cooldowns")
        plan: Plan | None = None
        problems: list[str] = []
        description = Text("")
        if walk is not None:
            entry = self.catalog.find(walk)
            description = shown(entry.description, lines=True)
            self._name_walks_own(entry)
            try:
                plan = self.catalog.plan(
                    walk,
                    None if warmup in (None, AS_WALK) else warmup,
                    None if cooldown in (None, AS_WALK) else cooldown,
                )
            except PresetError as exc:
                problems = exc.problems
        self.query_one("#description", Static).update(description)
        self.plan, self.problems = plan, tuple(problems)
        self.query_one("#start", Button).disabled = plan is None

    def _name_walks_own(self, entry: Entry) -> None:
        """`As the walk says (Easy walk)`: which routine that is, for the walk now chosen."""
        walk = entry.preset
        if not isinstance(walk, WalkPreset):
            return
        for selector, ref in (("#warmups", walk.warmup), ("#cooldowns", walk.cooldown)):
            name = "none"
            if ref != NONE:
                try:
                    name = self.catalog.find(ref).name
                except PresetError:
                    name = ref
            self.query_one(selector, OptionList).replace_option_prompt(
                AS_WALK, shown(f"As the walk says ({name})")
            )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        if self.plan is not None:
            self.post_message(StartWalk(self.plan))

    # --- history --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history")
    def load_history(self) -> None:
        """Read the saved walks off the UI thread: a big folder must not freeze the screen."""
        problem = None
        try:
            summaries, warnings = read_summaries(self.sessions_dir)
        except SessionsFolderError as exc:
            summaries, warnings, problem = [], [], str(exc)
        stats = compute_stats(summaries, weekly_goal=self.config.weekly_goal, now=self._wall())
        self.post_message(HistoryRead(History(summaries, stats, warnings, problem)))

    def on_history_read(self, message: HistoryRead) -> None:
        told = self.history.problem if self.history is not None else None
        history = self.history = message.history
        recent = self.query_one(RecentWalks)
        if history.problem is not None:  # an empty panel, not "no walks yet", and why
            recent.summaries = None
            recent.border_subtitle = "cannot be read"
            if history.problem != told:  # once, not each time home comes back
                self.notify(
                    history.problem,
                    title="Your walks cannot be read",
                    severity="error",
                    timeout=30,
                    markup=False,
                )
            return
        recent.border_subtitle = None
        recent.summaries = history.summaries
        recent.week = (history.stats.this_week.walks, history.stats.weekly_goal)

    def action_history(self) -> None:
        if self.history is None:  # still being read: the key works a moment later
            self.notify("Reading your walks…", timeout=2, markup=False)
            return
        history = self.history
        screen = HistoryScreen(
            history.summaries,
            history.stats,
            history.warnings,
            self.catalog.walk_names(),
            problem=history.problem,
        )
        self.app.push_screen(screen)
