"""Home: choose the walk, its warm-up and cool-down, its rounds and seconds; see the whole
timeline and what each part holds; and start. `c` measures the walker's steps a minute
(`CadenceScreen`) and can set the fast intervals' metronome to them, on every walk until `r`.

Presets that cannot be used stay in the lists (`Pickers`), after the usable ones; highlighted,
they say in full why they cannot be walked. What is started is remembered for the next launch
(`walktimer.storage.choices`) and comes before the config's `[defaults]`; remembered choices
that no longer make a walk are passed over with one quiet line. The saved walks are read again
(on a thread) each time the screen comes back, so a walk just saved shows at once, with the
next step they suggest.

While a programme is being walked, home leads with it (`ProgrammePanel`): the lists are set to
today's walk of the programme, read with the saved walks, and a walk started from them counts
in the programme only while they make exactly that walk; `t` sets it up again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import ClassVar

import msgspec
from rich.console import RenderableType
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Button, Footer, OptionList, Static
from textual.worker import get_current_worker

from walktimer import paths
from walktimer.audio import Player
from walktimer.config import Config
from walktimer.domain.cadence import steps_text
from walktimer.domain.catalog import Catalog, Entry
from walktimer.domain.plan import Plan
from walktimer.domain.stats import NextWalk
from walktimer.domain.words import KIND_WORDS, safe_text
from walktimer.storage.choices import Choices, UnusableChoices, read_choices, write_choices
from walktimer.tui.formatting import sound_text
from walktimer.tui.screens.cadence import CadenceScreen
from walktimer.tui.screens.dialogs import key_rows
from walktimer.tui.screens.help import HomeHelp
from walktimer.tui.screens.history import HistoryScreen
from walktimer.tui.text import shown
from walktimer.tui.widgets.pickers import AS_WALK, Kind, Pickers
from walktimer.tui.widgets.programme import (
    TODAY_KEY,
    Programme,
    ProgrammePanel,
    ProgrammeRead,
    read_programme,
)
from walktimer.tui.widgets.recent import History, HistoryRead, RecentWalks, read_history
from walktimer.tui.widgets.timeline import (
    Timeline,
    about,
    intervals_text,
)

GROUPS = {
    "rounds": Binding.Group("Rounds", compact=True),
    "fast_seconds": Binding.Group("Fast", compact=True),
    "slow_seconds": Binding.Group("Slow", compact=True),
}
ADJUST_KEYS = (  # key, what it changes and which way, its words, its tooltip
    ("left_square_bracket", "rounds", -1, "Fewer rounds", "One round less"),
    ("right_square_bracket", "rounds", 1, "More rounds", "One round more"),
    ("comma", "fast_seconds", -1, "Shorter fast", "Shorter fast intervals"),
    ("full_stop", "fast_seconds", 1, "Longer fast", "Longer fast intervals"),
    ("less_than_sign", "slow_seconds", -1, "Shorter slow", "Shorter slow intervals"),
    ("greater_than_sign", "slow_seconds", 1, "Longer slow", "Longer slow intervals"),
)
APPLY_KEY = "a"
CADENCE_TIP = "Tap your steps a minute for the fast intervals"
SHORT = 30  # lines from which the timeline has room beside a programme
ROOM_FOR_EVERY_KEY = 86  # columns the footer needs for every key, the suggestion's too
NOTHING = {
    "walk": "Choose a walk.",
    "warmup": "No warm-up: the walk starts with its intervals.",
    "cooldown": "No cool-down: the walk ends after its last interval.",
}


@dataclass
class StartWalk(Message):
    """The walker pressed start with this plan."""

    plan: Plan


@dataclass
class SoundFound(Message):
    """The app's player is open: what the walks will sound like."""

    name: str
    muted: bool


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT, "-tall")]  # noqa: RUF012 (as Textual's)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", "Start", id="home.start", tooltip="Walk the chosen plan now"),
        *(
            Binding(
                key,
                f"adjust('{field}', {step})",
                words,
                id=f"home.{words.lower().replace(' ', '-')}",
                tooltip=tip,
                group=GROUPS[field],
            )
            for key, field, step, words, tip in ADJUST_KEYS
        ),
        Binding(  # the line of numbers shows it, once something is changed
            "r",
            "reset",
            "Reset",
            id="home.reset",
            tooltip="The walk's own rounds, seconds and pace",
            show=False,
        ),
        # `c` leaves the footer (and stays a key) where the suggestion's key needs the room.
        Binding("c", "cadence", "Cadence", id="home.cadence", tooltip=CADENCE_TIP),
        Binding(
            "c", "cadence(False)", "Cadence", id="home.cadence-key", tooltip=CADENCE_TIP, show=False
        ),
        Binding(
            APPLY_KEY,
            "suggested",
            "Next",
            id="home.suggested",
            tooltip="Set up the walk your last walks suggest",
        ),
        Binding(
            TODAY_KEY,
            "today",
            "Today",
            id="home.today",
            tooltip="Today's walk of your programme, set up again",
        ),
        Binding("question_mark", "help", "Help", id="home.help", tooltip="What home is for"),
        Binding("h", "history", "History", id="home.history", tooltip="Your walks and progress"),
        Binding("q", "app.quit", "Quit", id="home.quit", tooltip="Close walktimer"),
    ]

    plan: var[Plan | None] = var(None)
    """The walk the choices make, or None when they make none."""
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
        player: Callable[[], Player],
        sessions_dir: Path,
        state_dir: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        program_file: Path | None = None,
    ) -> None:
        """`player` gives the app's player, opening it at the first call (which may take a
        while: it is called on a thread). `clock` times the taps of a cadence. `program_file`
        records the programme being walked, if any; None: home knows of no programme."""
        super().__init__()
        self.catalog = catalog
        self.config = config
        self.sessions_dir = sessions_dir
        self.state_dir = paths.state_dir() if state_dir is None else state_dir
        self._wall = wall
        self._player = player
        self._clock = clock
        self.program_file = program_file
        self.history: History | None = None
        """The saved walks as last read; None until the first reading is done."""
        self._today: Choices | None = None  # today's walk of the programme, as last set up
        self._looking: Kind = "walk"  # the list whose highlighted preset the details show

    def compose(self) -> ComposeResult:
        with Horizontal(id="home"):
            yield Pickers(self.catalog, id="pickers")
            with Vertical(id="overview"):
                programme = ProgrammePanel(id="programme")
                programme.border_title = "Programme"
                yield programme
                timeline = Timeline(id="timeline").data_bind(
                    HomeScreen.plan, HomeScreen.problems, HomeScreen.now
                )
                timeline.border_title = "Timeline"
                yield timeline
                yield Static(id="intervals")
                yield Button("Start walk (s)", id="start", variant="success", compact=True)
                with VerticalScroll(id="details"):
                    yield Static(id="description")
                    yield Static(id="steps")
                recent = RecentWalks(self.catalog.walk_names(), id="recent")
                recent.border_title = "Recent walks"
                yield recent
        yield Footer(show_command_palette=False)  # room for every key at 80 columns; ^p works

    @property
    def pickers(self) -> Pickers:
        return self.query_one(Pickers)

    @property
    def programme(self) -> ProgrammePanel:
        return self.query_one(ProgrammePanel)

    def on_mount(self) -> None:
        defaults = self.config.defaults
        chosen = self._remembered() or Choices(
            walk=defaults.walk, warmup=defaults.warmup, cooldown=defaults.cooldown
        )
        self.pickers.apply(chosen)
        self.update_plan()
        self.pickers.picker("walk").focus()
        self._next_minute()
        for warning in self.catalog.warnings:  # a folder of presets that could not be read
            self.notify(safe_text(warning), severity="warning", timeout=15, markup=False)

    def on_screen_resume(self) -> None:
        """Shown again (first shown, or back from a walk or the history): read the saved
        walks afresh, and say the sound again. Not when another screen is already on its way
        over this one."""
        if self.is_active:
            self.load_history()
            self.show_sound()

    def _next_minute(self) -> None:
        """Move `now` on at each new minute, so the ends-at time stays true."""
        now = self._wall()
        self.now = now
        self.set_timer(60.5 - now.second - now.microsecond / 1e6, self._next_minute)

    # --- choosing -------------------------------------------------------------------------

    def _remembered(self) -> Choices | None:
        """The choices of the last walk started here, if they still make a walk."""
        try:
            choices = read_choices(self.state_dir)
            problem = None if choices is None else self.pickers.problem(choices)
        except UnusableChoices as exc:
            choices, problem = None, exc.problems[0]
        if problem is not None:
            self._quietly(f"Your last choices were not used: {problem}")
            return None
        return choices

    @on(OptionList.OptionHighlighted)
    def update_plan(self) -> None:
        """The plan the choices make, and what the highlighted preset holds."""
        pickers = self.pickers
        pickers.follow_walk()
        pickers.name_walks_own()
        self._show_plan(*pickers.plan())

    def _show_plan(self, plan: Plan | None, problems: Sequence[str] = ()) -> None:
        self.plan, self.problems = plan, tuple(problems)
        self.programme.follow(plan)
        self.query_one("#start", Button).disabled = plan is None
        pickers = self.pickers
        changed = pickers.own() if pickers.adjusted else None
        self.query_one("#intervals", Static).update(intervals_text(plan, changed))
        self._describe()
        self.refresh_bindings()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        kind = self.pickers.kind_of(event.option_list)
        picked = None if kind is None else self.pickers.entries[kind][event.option_index]
        if isinstance(picked, Entry) and not picked.usable:
            self._cannot_walk(picked.problems)
            return
        self.focus_next()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, OptionList):
            self._looking = self.pickers.kind_of(event.widget) or self._looking
            self._describe()

    def _describe(self) -> None:
        """The details panel: the highlighted walk, warm-up or cool-down of the list in use."""
        kind = self._looking
        picked = self.pickers.picked(kind)
        own = picked == AS_WALK and kind != "walk"
        if own:
            picked = self.pickers.walks_own(kind)
        title = Text(f"{KIND_WORDS[kind].capitalize()}: ")
        description: Text = Text(NOTHING[kind], "italic")
        steps: RenderableType = Text()
        if isinstance(picked, Entry):
            title.append_text(shown(picked.name))
            description, steps = about(picked, self.plan)
        else:
            title.append("none")
        if own:
            title.append(" (the walk's own)")
        self.query_one("#details", VerticalScroll).border_title = title
        shown_description = self.query_one("#description", Static)
        shown_description.update(description)
        shown_description.display = bool(description.plain)
        shown_steps = self.query_one("#steps", Static)
        shown_steps.update(steps)
        shown_steps.set_class(not description.plain, "first")

    # --- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`r` only once something is changed, `a` only while there is a suggestion, `t`
        only while the lists are not today's walk of the programme; `c` in the footer while
        there is room for it."""
        if action == "reset":
            return bool(self.pickers.adjusted)
        if action == "suggested":
            return self._suggested() is not None
        if action == "today":
            return self.programme.changed is not None
        if action == "cadence":
            more = self._suggested() is not None or self.programme.changed is not None
            crowded = self.size.width < ROOM_FOR_EVERY_KEY and more
            return crowded == (parameters == (False,))
        return True

    def on_resize(self) -> None:
        self.refresh_bindings()  # whether `c` has room in the footer

    def action_adjust(self, key: str, direction: int) -> None:
        adjusted = self.pickers.adjust(key, direction)
        if isinstance(adjusted, Plan):
            self._show_plan(adjusted)
        elif adjusted == "":  # at the end of the range already
            self.app.bell()
        else:
            self.notify(safe_text(adjusted), severity="warning", markup=False)

    def action_reset(self) -> None:
        self.pickers.adjusted = {}
        self.update_plan()

    def _suggested(self) -> NextWalk | None:
        """The longer walk the last walks suggest; none while a programme sets the walks."""
        if self.history is None or self.programme.leads:
            return None
        return self.history.stats.next_walk

    def action_suggested(self) -> None:
        walk = self._suggested()
        if walk is None:
            return
        choices = Choices(
            walk=walk.walk,
            warmup=walk.warmup,
            cooldown=walk.cooldown,
            rounds=walk.rounds,
            fast_seconds=walk.fast_seconds,
            slow_seconds=walk.slow_seconds,
            fast_cadence=self.pickers.adjusted.get("fast_cadence"),  # the walker's, kept
        )
        if problem := self.pickers.problem(choices):
            self.notify(f"The suggested walk cannot be set up: {problem}", markup=False)
            return
        self.pickers.apply(choices)
        self.update_plan()
        self.notify("The suggested walk is set up: press s to start it.", markup=False)

    def action_help(self) -> None:
        self.app.push_screen(HomeHelp(key_rows(self, grouped=True)))

    def action_cadence(self, in_footer: bool = True) -> None:
        """`in_footer`: the key of the footer or the one left out of it; both do the same."""
        measuring = CadenceScreen(self._clock, can_use=self.plan is not None)
        self.app.push_screen(measuring, self._use_cadence)

    def _use_cadence(self, steps_per_minute: int | None) -> None:
        """Measured and chosen on the cadence screen: the fast intervals click at that pace."""
        if steps_per_minute is None:
            return
        used = self.pickers.use_cadence(steps_per_minute)
        if isinstance(used, Plan):
            self._show_plan(used)
            line = f"Fast intervals at {steps_text(steps_per_minute)}, on every walk until r."
            self.notify(line, timeout=4, markup=False)
        else:
            self.notify(safe_text(used), severity="warning", markup=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        choices = self.pickers.choices()
        if self.plan is None or choices is None:
            self._cannot_walk(self.problems)
            return
        self.remember(choices)
        self.post_message(StartWalk(self.programme.walk_of(self.plan)))

    def _cannot_walk(self, problems: Sequence[str]) -> None:
        lines = "\n".join(safe_text(p) for p in problems) or "Choose a walk first."
        self.notify(lines, title="This cannot be walked", severity="error", markup=False)

    @work(thread=True, exclusive=True, group="choices")
    def remember(self, choices: Choices) -> None:
        """Keep the choices for the next launch, off the UI thread; if they cannot be kept,
        say so quietly: the walk goes on all the same."""
        try:
            write_choices(self.state_dir, choices)
        except OSError as exc:
            with contextlib.suppress(RuntimeError):  # the app may have closed meanwhile
                line = f"Your choices could not be kept for next time: {exc}"
                self.app.call_from_thread(self._quietly, line)

    def _quietly(self, line: str) -> None:
        self.notify(safe_text(line), timeout=8, markup=False)

    @work(thread=True, exclusive=True, group="sound")
    def show_sound(self) -> None:
        """`sound: terminal bell only`: what the walk will sound like, before it starts. The
        app's player is opened for that here, off the UI thread (the audio backends are
        probed); the walks use the same one."""
        player = self._player()
        if not get_current_worker().is_cancelled:
            with contextlib.suppress(RuntimeError):  # posted, not waited for: the app may close
                self.post_message(SoundFound(player.name, player.muted))

    def on_sound_found(self, message: SoundFound) -> None:
        self.query_one(Timeline).border_subtitle = sound_text(message.name, message.muted)

    # --- history --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history")
    def load_history(self) -> None:
        """Read the saved walks off the UI thread: a big folder must not freeze the screen."""
        history = read_history(self.sessions_dir, self.config.weekly_goal, self._wall())
        programme = read_programme(self.program_file, self.catalog, history)
        if not get_current_worker().is_cancelled:  # a newer reading is under way
            self.post_message(HistoryRead(history))
            self.post_message(ProgrammeRead(programme))

    def on_history_read(self, message: HistoryRead) -> None:
        told = self.history.problem if self.history is not None else None
        history = self.history = message.history
        self.refresh_bindings()
        if history.problem is not None and history.problem != told:  # once, not at each return
            self.notify(
                history.problem,
                title="Your walks cannot be read",
                severity="error",
                timeout=30,
                markup=False,
            )
        self._show_recent()

    def _show_recent(self) -> None:
        """The recent walks, and their suggestion unless a programme sets the walks."""
        history = self.history
        if history is None:
            return
        if self.programme.leads and history.stats.next_walk is not None:
            stats = dataclasses.replace(history.stats, next_walk=None, suggestion=None)
            history = dataclasses.replace(history, stats=stats)
        self.query_one(RecentWalks).show(history, APPLY_KEY)

    # --- the programme --------------------------------------------------------------------

    def on_programme_read(self, message: ProgrammeRead) -> None:
        """Where the programme is now; a new walk for today is set up in the lists (the same
        one, changed by the walker, is left as they changed it)."""
        programme: Programme | None = message.programme
        self.programme.programme = programme
        self.set_class(programme is not None, "-programme")
        today = None if programme is None else programme.choices
        self.programme.follow(self.plan)
        if today != self._today:
            self._today = today
            self.action_today()
        self._show_recent()
        self.refresh_bindings()

    def action_today(self) -> None:
        """Today's walk of the programme in the lists, with the walker's own pace kept."""
        today = self._today
        if today is None or not self.programme.leads:
            return
        pace = self.pickers.adjusted.get("fast_cadence")
        choices = msgspec.structs.replace(today, fast_cadence=pace)
        if problem := self.pickers.problem(choices):
            self.programme.follow(self.plan, problem)
            return
        self.pickers.apply(choices)
        self.update_plan()

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
            sessions_dir=self.sessions_dir,
            wall=self._wall,
            programmes={e.id: e.name for e in self.catalog.entries("program") if e.usable},
        )
        self.app.push_screen(screen)
