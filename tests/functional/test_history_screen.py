"""The history screen, driven by Pilot in a tiny app that pushes it with fixed data."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.app import App
from textual.widgets import DataTable, Sparkline, Static

from tests.unit.storage.summaries import CET, make_summary, phase
from walktimer.domain.stats import Stats, compute_stats
from walktimer.domain.summary import Summary
from walktimer.tui.app import panel_variables
from walktimer.tui.screens.history import HistoryScreen, PainChart, pain_bar

NOW = datetime(2026, 11, 26, 18, 0, tzinfo=CET)  # a Thursday
WARNING = "/data/walktimer/sessions/broken.toml: line 2, column 8: TOML syntax error; skipped"


def sample_walks() -> list[Summary]:
    """Eight walks over four weeks, newest first: one stopped for pain, one interrupted."""
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
    ) -> None:
        super().__init__()
        self.walks = sample_walks() if walks is None else walks
        self.warnings = [WARNING] if warnings is None else warnings
        self.closed = False

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        return {**variables, **panel_variables(variables)}

    def on_mount(self) -> None:
        screen = HistoryScreen(self.walks, sample_stats(self.walks), self.warnings)
        self.push_screen(screen, callback=lambda _: setattr(self, "closed", True))


def text_of(app: App[None], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def test_the_table_lists_every_walk_newest_first() -> None:
    app = HistoryApp()
    async with app.run_test(size=(120, 40)):
        table = app.screen.query_one("#walks", DataTable)
        assert table.row_count == 8
        assert [str(c) for c in table.get_row_at(0)] == [
            "2026-11-26 07:30",
            "classic-30-30",
            "10",
            "stopped (pain)",
            "4 -> 7",
            "5",
        ]
        assert [str(c) for c in table.get_row_at(1)][3:5] == ["completed", "5 -> 4"]
        assert [str(c) for c in table.get_row_at(4)][3:5] == ["interrupted", "5 -> ?"]
        assert str(table.get_row_at(7)[0]) == "2026-11-04 00:30"


async def test_the_selected_walks_details_are_shown_literally() -> None:
    app = HistoryApp()
    async with app.run_test(size=(120, 40)) as pilot:
        details = text_of(app, "#details")
        assert "Notes: [bold]Twinge[/bold] on the hill" in details
        assert "Status: stopped (pain)" in details
        assert "Phases: 4, 1 skipped" in details
        assert " 0:30 FAST      Brisk walk, round 2/2 (skipped)" in details
        await pilot.press("down")
        details = text_of(app, "#details")
        assert "Notes" not in details
        assert "Pain: 5 -> 4" in details
        assert "Started: Tue 2026-11-24 06:30" in details


async def test_the_overview_shows_the_goal_streak_totals_and_suggestion() -> None:
    app = HistoryApp()
    async with app.run_test(size=(120, 40)):
        overview = text_of(app, "#overview")
        stats = sample_stats(app.walks)
        assert overview.startswith("This week 3 of 3 walks (goal met), 33 min  ·  ")
        assert f"Streak {stats.streak_weeks} week" in overview
        assert "All 8 walks, 108 min" in overview
        assert "Pain change -0.4 on average" in overview
        assert stats.suggestion is not None and "pain 4 -> 7" in stats.suggestion
        assert text_of(app, "#suggestion") == f"Suggestion {stats.suggestion}"


async def test_the_charts_show_weekly_minutes_and_pain_on_one_scale() -> None:
    app = HistoryApp()
    async with app.run_test(size=(120, 40)):
        sparkline = app.screen.query_one("#minutes-chart", Sparkline)
        assert list(sparkline.data or []) == [
            w.active_minutes for w in sample_stats(app.walks).weeks
        ]
        chart = app.screen.query_one("#pain-chart", PainChart)
        rendered = str(chart.render())
        before, after = rendered.splitlines()[:2]
        assert before.startswith("before") and after.startswith("after")
        assert before.endswith(pain_bar(4))  # the newest walk is on the right
        assert after.endswith(pain_bar(7))
    assert pain_bar(0) == "▁" and pain_bar(10) == "█"


async def test_warnings_are_shown_literally() -> None:
    app = HistoryApp(warnings=[WARNING, "[red]odd.toml[/red]: empty file; skipped"])
    async with app.run_test(size=(120, 40)):
        shown = text_of(app, "#warnings")
        assert "2 files skipped" in shown
        assert WARNING in shown
        assert "[red]odd.toml[/red]" in shown


async def test_no_warnings_no_warning_box() -> None:
    app = HistoryApp(warnings=[])
    async with app.run_test(size=(120, 40)):
        assert not app.screen.query("#warnings")


async def test_an_empty_history_says_what_will_appear() -> None:
    app = HistoryApp(walks=[], warnings=[])
    async with app.run_test(size=(80, 24)):
        assert app.screen.query_one("#walks", DataTable).row_count == 0
        assert "No walks yet" in text_of(app, "#details")
        assert "Rate your back" in str(app.screen.query_one(PainChart).render())
        assert not app.screen.query("#suggestion")


async def test_escape_and_q_close_the_screen() -> None:
    for key in ("escape", "q"):
        app = HistoryApp()
        async with app.run_test(size=(80, 24)) as pilot:
            assert isinstance(app.screen, HistoryScreen)
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, HistoryScreen)
            assert app.closed


async def test_narrow_terminals_stack_the_details_under_the_table() -> None:
    app = HistoryApp()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.has_class("-narrow")
        table = app.screen.query_one("#walks")
        box = app.screen.query_one("#details-box")
        assert box.region.y >= table.region.bottom
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        assert not app.screen.has_class("-narrow")
        box = app.screen.query_one("#details-box")
        assert box.region.x >= app.screen.query_one("#walks").region.right
        for size in ((40, 12), (20, 6), (80, 24)):  # never crashes when squeezed
            await pilot.resize_terminal(*size)
            await pilot.pause()
