"""The history screen, driven by Pilot in a tiny app that pushes it with fixed data; the walks
it moves to the trash and corrects are real files in the test's own data folder."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, timedelta

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input

from tests.conftest import Xdg
from tests.functional.conftest import AppMaker, shown, told, write_past_walks
from tests.unit.storage.summaries import CET, make_summary, phase
from walktimer.domain.history import PainPoint
from walktimer.domain.stats import Stats, compute_stats
from walktimer.domain.summary import Summary
from walktimer.storage import write_summary
from walktimer.tui.app import panel_variables
from walktimer.tui.screens.dialogs import Confirm, EditWalk
from walktimer.tui.screens.history import HistoryScreen
from walktimer.tui.screens.home import HomeScreen
from walktimer.tui.widgets.charts import PainChart, WeeksChart

NOW = datetime(2026, 11, 26, 18, 0, tzinfo=CET)  # a Thursday
WARNING = "/data/walktimer/sessions/broken.toml: line 2, column 8: TOML syntax error; skipped"
NAMES = {"classic-30-30": "Classic 30/30"}


def sample_walks() -> list[Summary]:
    """Eight walks over four weeks, newest first: the newest stopped for pain after 45 s (too
    short to count), one interrupted."""
    walks = []
    for n, days_ago in enumerate((0, 2, 3, 7, 9, 11, 14, 22)):
        started = datetime(2026, 11, 26, 7, 30, tzinfo=CET) - timedelta(days=days_ago, hours=n)
        walks.append(
            make_summary(
                started,
                id=f"{started:%Y%m%dT%H%M%S}-classic-30-30-{n:04x}",
                active_seconds=600.0 + 60 * n,
                planned_seconds=600,
                pain_before=4 + n % 3,
                pain_after=3 + n % 3,
                effort=5,
                rounds_planned=10,
                rounds_completed=10,
                fast_seconds=300.0,
                slow_seconds=300.0,
            )
        )
    walks[0].status, walks[0].stop_reason, walks[0].pain_after = "stopped", "pain", 7
    walks[0].active_seconds = 45.0
    walks[0].notes = "[bold]Twinge[/bold] on the hill"
    walks[0].phases[2] = phase("fast", "Brisk walk, round 2/2", 30)
    walks[0].phases[2].skipped = True
    walks[4].status, walks[4].pain_after = "interrupted", None
    return walks


def sample_stats(walks: list[Summary]) -> Stats:
    return compute_stats(walks, weekly_goal=3, now=NOW, zone=CET)


class HistoryApp(App[None]):
    """Just enough app to push the screen, as the real app does, with the app's borders."""

    def __init__(
        self,
        walks: list[Summary] | None = None,
        warnings: list[str] | None = None,
        *,
        names: dict[str, str] | None = None,
        xdg: Xdg | None = None,
    ) -> None:
        super().__init__()
        self.walks = sample_walks() if walks is None else walks
        self.warnings = [WARNING] if warnings is None else warnings
        self.names = names or {}
        self.xdg = xdg
        self.closed = False

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        return {**variables, **panel_variables(variables)}

    def on_mount(self) -> None:
        xdg = self.xdg
        screen = HistoryScreen(
            self.walks,
            sample_stats(self.walks),
            self.warnings,
            self.names,
            wall=lambda: NOW,
            sessions_dir=None if xdg is None else xdg.sessions,
        )
        self.push_screen(screen, callback=lambda _: setattr(self, "closed", True))


class ChartApp(App[None]):
    """One chart, alone on a screen."""

    def __init__(self, chart: WeeksChart | PainChart) -> None:
        super().__init__()
        self.chart = chart

    def compose(self) -> ComposeResult:
        yield self.chart


def on_disk(xdg: Xdg) -> HistoryApp:
    """The sample walks saved in the test's data folder, and the screen over them."""
    walks = sample_walks()
    for walk in walks:
        write_summary(walk, xdg.sessions)
    return HistoryApp(walks, [], names=NAMES, xdg=xdg)


def row(app: App[None], index: int) -> list[str]:
    return [str(cell) for cell in app.screen.query_one("#walks", DataTable).get_row_at(index)]


def chart_text(app: App[None], chart: type[WeeksChart | PainChart]) -> str:
    rendered = app.screen.query_one(chart).render()
    assert isinstance(rendered, Text)
    return rendered.plain


def saved_file(xdg: Xdg, walk: Summary) -> dict[str, object]:
    return tomllib.loads((xdg.sessions / f"{walk.id}.toml").read_text())


# --- the table, the details, the overview ---------------------------------------------------


async def test_the_table_lists_every_walk_newest_first() -> None:
    app = HistoryApp()
    async with app.run_test(size=(120, 40)):
        assert app.screen.query_one("#walks", DataTable).row_count == 8
        assert row(app, 0) == [
            "2026-11-26 07:30",
            "classic-30-30",
            "0.8",
            "stopped (pain)",
            "4 -> 7",
            "5",
            "no",
        ]
        assert row(app, 1)[3:] == ["completed", "5 -> 4", "5", "yes"]
        assert row(app, 4)[3:] == ["interrupted", "5 -> ?", "5", "yes"]
        assert row(app, 7)[0] == "2026-11-04 00:30"


async def test_a_walk_that_does_not_count_says_so_in_words_in_the_table_and_details() -> None:
    app = HistoryApp()
    async with app.run_test(size=(120, 40)) as pilot:
        columns = [str(c.label) for c in app.screen.query_one("#walks", DataTable).columns.values()]
        assert columns[-1] == "Counts"
        assert [row(app, n)[-1] for n in range(8)] == ["no"] + ["yes"] * 7
        assert "Counts: no" in shown(app, "#details")
        await pilot.press("down")
        assert "Counts: yes" in shown(app, "#details")


async def test_every_column_fits_at_120x40_and_80x24_even_beside_a_long_walk_name() -> None:
    long_name = "Interval Walking Training 3x3 with a very long name indeed"
    app = HistoryApp(names={"classic-30-30": long_name})
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one("#walks", DataTable)
        for size in ((120, 40), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert table.virtual_size.width <= table.scrollable_content_region.width, size
            assert row(app, 0)[1].endswith("…") and row(app, 0)[1].startswith("Interval")
        assert long_name in shown(app, "#details")  # whole where there is room to wrap


async def test_the_selected_walks_details_are_shown_literally_with_its_name() -> None:
    app = HistoryApp(names=NAMES)
    async with app.run_test(size=(120, 40)) as pilot:
        details = shown(app, "#details")
        assert "Walk: Classic 30/30" in details
        assert "Notes: [bold]Twinge[/bold] on the hill" in details
        assert "Status: stopped (pain)" in details
        assert "Phases: 4, 1 skipped" in details
        assert " 0:30 FAST      Brisk walk, round 2/2 (skipped)" in details
        assert details.endswith(f"Id: {app.walks[0].id}")
        await pilot.press("down")
        details = shown(app, "#details")
        assert "Notes" not in details
        assert "Pain: 5 -> 4" in details
        assert "Started: Tue 2026-11-24 06:30" in details


async def test_the_overview_counts_only_the_walks_that_count() -> None:
    app = HistoryApp()
    async with app.run_test(size=(120, 40)):
        overview = shown(app, "#overview")
        stats = sample_stats(app.walks)
        # This week: three walks, the 45-second one does not count; its minutes do.
        assert overview.startswith("This week 2 of 3 walks (1 to go), 24 min · ")
        assert "Streak 0 weeks" in overview
        assert "All 7 walks, 99 min" in overview
        assert "Pain change -0.4 on average" in overview
        assert stats.suggestion is not None and "pain 4 -> 7" in stats.suggestion
        assert shown(app, "#suggestion") == f"Suggestion {stats.suggestion}"


async def test_warnings_are_shown_literally() -> None:
    app = HistoryApp(warnings=[WARNING, "[red]odd.toml[/red]: empty file; skipped"])
    async with app.run_test(size=(120, 40)):
        warnings = shown(app, "#warnings")
        assert "2 files skipped" in warnings
        assert WARNING in warnings
        assert "[red]odd.toml[/red]" in warnings


async def test_no_warnings_no_warning_box() -> None:
    app = HistoryApp(warnings=[])
    async with app.run_test(size=(120, 40)):
        assert not app.screen.query("#warnings")


async def test_an_empty_history_says_what_will_appear() -> None:
    app = HistoryApp(walks=[], warnings=[])
    async with app.run_test(size=(80, 24)):
        assert app.screen.query_one("#walks", DataTable).row_count == 0
        assert "No walks yet" in shown(app, "#details")
        assert "Rate your back" in chart_text(app, PainChart)
        assert "once you walk" in chart_text(app, WeeksChart)
        assert not app.screen.query_one("#suggestion").display


async def test_escape_and_q_close_the_screen() -> None:
    for key in ("escape", "q"):
        app = HistoryApp()
        async with app.run_test(size=(80, 24)) as pilot:
            assert isinstance(app.screen, HistoryScreen)
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, HistoryScreen)
            assert app.closed


async def test_the_footer_offers_edit_and_trash() -> None:
    app = HistoryApp()
    async with app.run_test(size=(80, 24)):
        keys = {
            b.binding.key: b.binding.description
            for b in app.screen.active_bindings.values()
            if b.binding.show
        }
        assert keys["e"] == "Edit" and keys["d"] == "Trash"


# --- the charts -------------------------------------------------------------------------------


async def test_the_charts_use_the_height_at_120x40_with_numbers_on_their_axes() -> None:
    app = HistoryApp()
    async with app.run_test(size=(120, 40)):
        weeks, pain = app.screen.query_one(WeeksChart), app.screen.query_one(PainChart)
        assert weeks.size.height >= 12 and pain.size.height >= 12
        minutes = chart_text(app, WeeksChart).splitlines()
        top = max(w.active_minutes for w in sample_stats(app.walks).weeks)
        numbered = [int(line.split("┤")[0]) for line in minutes if "┤" in line]
        assert numbered[-1] == 0 and numbered[0] > top  # the axis reaches above the tallest
        assert "23 Nov" in minutes[-1]  # this week's Monday, under the last bar
        assert "goal met" in minutes[0]
        levels = chart_text(app, PainChart).splitlines()
        assert [int(line.split("┤")[0]) for line in levels if "┤" in line] == [10, 8, 6, 4, 2, 0]
        assert "○ before" in levels[0] and "● after" in levels[0]


async def test_weeks_that_met_the_goal_are_drawn_apart_from_the_others() -> None:
    app = HistoryApp()
    async with app.run_test(size=(120, 40)):
        chart = app.screen.query_one(WeeksChart)
        stats = sample_stats(app.walks)
        assert not any(week.walks >= 3 for week in stats.weeks)
        assert "█" not in chart_text(app, WeeksChart).split("\n", 1)[1]
        chart.show(stats.weeks, 2)  # the same weeks against a goal of two walks
        assert "█" in chart_text(app, WeeksChart).split("\n", 1)[1]
        assert "▒" in chart_text(app, WeeksChart)


async def test_the_pain_chart_marks_before_and_after_by_shape() -> None:
    days = [date(2026, 11, day) for day in range(2, 12)]
    app = ChartApp(PainChart([PainPoint(day, 2, 8) for day in days]))
    async with app.run_test(size=(60, 16)):
        plot = chart_text(app, PainChart).splitlines()
        assert plot[0].strip() == "Pain, 0 to 10 · ○ before · ● after each walk"
        two = next(line for line in plot if line.startswith(" 2┤"))
        eight = next(line for line in plot if line.startswith(" 8┤"))
        assert two.count("○") == 10 and "●" not in two
        assert eight.count("●") == 10 and "○" not in eight
        assert "11 Nov" in plot[-1]  # the newest walk's day


async def test_the_charts_fit_small_terminals_and_say_in_words_when_too_small() -> None:
    app = HistoryApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for chart in (WeeksChart, PainChart):
            region = app.screen.query_one(chart).region
            assert region.bottom <= 23 and region.right <= 80
            assert "┤" in chart_text(app, chart)
        for size in ((40, 12), (20, 6), (80, 24)):  # never crashes when squeezed
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.resize_terminal(60, 14)
        await pilot.pause()
        assert "┤" not in chart_text(app, PainChart)
        assert chart_text(app, PainChart).startswith("Pain on the last rated walk: 4 before, 7")


# --- d: to the trash --------------------------------------------------------------------------


async def test_d_then_yes_moves_the_walk_to_the_trash_and_counts_again(xdg: Xdg) -> None:
    app = on_disk(xdg)
    newest = app.walks[1]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "d")
        assert isinstance(app.screen, Confirm)
        question = shown(app, "#detail")
        assert question.startswith("Classic 30/30 on 2026-11-24 06:30. It stops counting; ")
        assert f"walktimer history restore {newest.id} brings it back" in question
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert not (xdg.sessions / f"{newest.id}.toml").exists()
        assert (xdg.trash / f"{newest.id}.toml").is_file()
        assert app.screen.query_one("#walks", DataTable).row_count == 7
        assert newest.id not in {s.id for s in app.screen.summaries}
        assert shown(app, "#overview").startswith("This week 1 of 3 walks (2 to go)")
        assert row(app, 1)[0] == "2026-11-23 05:30"  # the cursor stays on the same row
        assert any(str(xdg.trash / f"{newest.id}.toml") in m for m in told(app))


async def test_d_then_no_keeps_the_walk(xdg: Xdg) -> None:
    app = on_disk(xdg)
    async with app.run_test(size=(120, 40)) as pilot:
        for answer in ("n", "escape"):
            await pilot.press("d", answer)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
        assert len(list(xdg.sessions.glob("*.toml"))) == 8
        assert not xdg.trash.exists()


async def test_a_walk_that_cannot_be_moved_is_said_in_one_line(xdg: Xdg) -> None:
    app = on_disk(xdg)
    gone = app.walks[0]
    (xdg.sessions / f"{gone.id}.toml").unlink()  # removed behind the screen's back
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [error] = [n for n in app._notifications if n.severity == "error"]
        assert error.message == f"no saved walk with the id {gone.id} in {xdg.sessions}"
        assert app.screen.query_one("#walks", DataTable).row_count == 8


async def test_d_and_e_with_no_walks_say_there_is_none(xdg: Xdg) -> None:
    app = HistoryApp([], [], xdg=xdg)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d", "e")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert told(app) == ["There is no walk here to change."] * 2


# --- e: correcting the answers ----------------------------------------------------------------


async def test_e_corrects_the_pain_and_the_file_and_screen_show_it(xdg: Xdg) -> None:
    app = on_disk(xdg)
    walk = app.walks[1]
    before = (xdg.sessions / f"{walk.id}.toml").read_text()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "e")
        assert isinstance(app.screen, EditWalk)
        fields = [w.value for w in app.screen.query(Input)]
        assert fields == ["5", "4", "5", ""]
        await pilot.press("tab", "1", "0", "tab", "backspace", "tab", *"felt fine", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        saved = saved_file(xdg, walk)
        assert (saved["pain_before"], saved["pain_after"], saved["notes"]) == (5, 10, "felt fine")
        assert "effort" not in saved  # blank removes it
        assert row(app, 1)[4:6] == ["5 -> 10", "-"]
        assert "Notes: felt fine" in shown(app, "#details")
    after = (xdg.sessions / f"{walk.id}.toml").read_text()
    unchanged = [line for line in before.splitlines() if not line.startswith(("pain", "effort"))]
    assert all(line in after.splitlines() for line in unchanged)


async def test_e_refuses_what_is_not_a_rating_in_the_form(xdg: Xdg) -> None:
    app = on_disk(xdg)
    walk = app.walks[0]
    before = (xdg.sessions / f"{walk.id}.toml").read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "1", "1", "enter")
        assert isinstance(app.screen, EditWalk)
        problem = shown(app, "#problem")
        assert problem == "Pain before: type a whole number from 0 to 10, or leave it blank."
        assert app.focused is app.screen.query_one("#pain_before")
        await pilot.press("ctrl+a", "x", "enter")
        assert isinstance(app.screen, EditWalk)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, HistoryScreen)
    assert (xdg.sessions / f"{walk.id}.toml").read_bytes() == before


async def test_e_saved_unchanged_changes_nothing(xdg: Xdg) -> None:
    app = on_disk(xdg)
    walk = app.walks[0]
    before = (xdg.sessions / f"{walk.id}.toml").read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "Nothing was changed." in told(app)
    assert (xdg.sessions / f"{walk.id}.toml").read_bytes() == before


async def test_an_edit_that_storage_refuses_is_said_in_one_line(xdg: Xdg) -> None:
    app = on_disk(xdg)
    walk = app.walks[0]
    path = xdg.sessions / f"{walk.id}.toml"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "3")
        path.write_text("not toml at all [")  # changed behind the screen's back
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [error] = [n for n in app._notifications if n.severity == "error"]
        assert error.message.startswith(f"{path}: ") and "\n" not in error.message
        assert row(app, 0)[4] == "4 -> 7"
    assert path.read_text() == "not toml at all ["


async def test_from_home_a_walk_moved_to_the_trash_leaves_home_too(
    make: AppMaker, xdg: Xdg
) -> None:
    walks = write_past_walks(xdg)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("d", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        newest = max(walks, key=lambda s: s.started_at)
        assert [p.name for p in xdg.trash.iterdir()] == [f"{newest.id}.toml"]
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.history is not None
        assert [s.id for s in app.screen.history.summaries] == [
            s.id for s in sorted(walks, key=lambda s: s.started_at, reverse=True)[1:]
        ]
