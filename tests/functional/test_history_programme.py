"""The history screen with programme walks and fast minutes: the week a walk was walked as, in
the table and (with its programme's name) in the details; this week's fast minutes in the
overview, and every week's in the weekly chart, beside its active minutes."""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec
from textual.app import App
from textual.widgets import DataTable

from tests.conftest import Xdg
from tests.functional.conftest import AppMaker, settle, shown
from tests.functional.test_history_screen import (
    NAMES,
    NOW,
    ChartApp,
    HistoryApp,
    chart_text,
    row,
    sample_stats,
    sample_walks,
)
from tests.unit.storage.summaries import CET, make_summary
from walktimer.domain.stats import Week
from walktimer.domain.summary import Summary
from walktimer.storage import write_summary
from walktimer.tui.app import panel_variables
from walktimer.tui.screens.history import HistoryScreen
from walktimer.tui.widgets.charts import FAST, MET, SHORT, WeeksChart

PROGRAMMES = {"back-to-walking": "Back to walking"}
LONG_NAME = "Interval Walking Training 3x3 with a very long name indeed"


def programme_walks() -> list[Summary]:
    """The sample walks, newest first, the two newest walked as weeks of programmes: the
    newest of one this app knows, the next of one it does not."""
    walks = sample_walks()
    walks[0] = msgspec.structs.replace(walks[0], program="back-to-walking", program_week=2)
    walks[1] = msgspec.structs.replace(walks[1], program="gone-away", program_week=11)
    return walks


class ProgrammeHistoryApp(App[None]):
    """The history screen as home pushes it: with the names of the walks and programmes."""

    def __init__(self, walks: list[Summary] | None = None, names: dict[str, str] = NAMES) -> None:
        super().__init__()
        self.walks = sample_walks() if walks is None else walks
        self.names = names

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        return {**variables, **panel_variables(variables)}

    def on_mount(self) -> None:
        stats = sample_stats(self.walks)
        screen = HistoryScreen(
            self.walks, stats, [], self.names, wall=lambda: NOW, programmes=PROGRAMMES
        )
        self.push_screen(screen)


async def test_programme_walks_are_marked_by_their_week_before_the_walks_name() -> None:
    app = ProgrammeHistoryApp(programme_walks())
    async with app.run_test(size=(120, 40)):
        names = [row(app, n)[1] for n in range(3)]
        assert names == ["W2  Classic 30/30", "W11 Classic 30/30", "    Classic 30/30"]
        assert row(app, 0)[2:4] == ["0.8", "stopped (pain)"]  # the other columns as they were


async def test_without_programme_walks_the_names_have_no_room_for_a_week() -> None:
    app = ProgrammeHistoryApp()
    async with app.run_test(size=(120, 40)):
        assert row(app, 0)[1] == "Classic 30/30"


async def test_the_details_name_the_programme_and_its_week() -> None:
    app = ProgrammeHistoryApp(programme_walks())
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Programme: Back to walking, week 2" in shown(app, "#details")
        await pilot.press("down")  # a programme not known here: by its id
        assert "Programme: gone-away, week 11" in shown(app, "#details")
        await pilot.press("down")
        assert "Programme" not in shown(app, "#details")


async def test_every_column_fits_at_120x40_and_80x24_beside_a_long_name_and_its_week() -> None:
    app = ProgrammeHistoryApp(programme_walks(), names={"classic-30-30": LONG_NAME})
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one("#walks", DataTable)
        for size in ((120, 40), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert table.virtual_size.width <= table.scrollable_content_region.width, size
            assert row(app, 0)[1].startswith("W2  Interval") and row(app, 0)[1].endswith("…")
            assert row(app, 0)[-1] == "no"


async def test_the_overview_gives_this_weeks_fast_minutes() -> None:
    app = HistoryApp()  # this week: three walks of 5 fast minutes each
    async with app.run_test(size=(120, 40)):
        overview = shown(app, "#overview")
        assert "24 min · Fast 15 min · Streak" in overview


def weeks(*minutes: tuple[float, float]) -> list[Week]:
    """Weeks from Monday 2 November 2026, each (active minutes, fast minutes), one walk each."""
    start = datetime(2026, 11, 2, tzinfo=CET).date()
    return [
        Week(start + timedelta(weeks=n), 1, active, fast)
        for n, (active, fast) in enumerate(minutes)
    ]


async def test_the_weeks_chart_marks_each_weeks_fast_minutes_on_its_bar() -> None:
    chart = WeeksChart(weeks((40, 10), (40, 30), (20, 0), (40, 10)), 3)
    app = ChartApp(chart)
    async with app.run_test(size=(60, 24)):
        plot = chart_text(app, WeeksChart).splitlines()
        assert f"{FAST} fast" in plot[0] and "goal met" in plot[0]
        body = plot[1:]
        assert sum(line.count(FAST) for line in body) == 3  # the week without fast: none
        thirty = next(line for line in body if line.startswith("30┤"))
        ten = next(line for line in body if line.startswith("10┤"))
        assert ten.count(FAST) == 2 and thirty.count(FAST) == 1  # at their height, on the axis
        chart.show(weeks((40, 0), (20, 0)), 3)  # no fast minutes: no diamond, no word of them
        await app.workers.wait_for_complete()
        plot = chart_text(app, WeeksChart).splitlines()
        assert FAST not in "\n".join(plot)


async def test_a_small_weeks_chart_says_this_weeks_fast_minutes_in_words() -> None:
    app = ChartApp(WeeksChart(weeks((40, 10), (24, 7.5)), 3))
    async with app.run_test(size=(60, 4)):
        text = chart_text(app, WeeksChart)
        assert text == "This week: 24 min, 7.5 min fast, 1 of 3 walks."


async def test_the_weeks_chart_at_80x24_keeps_the_bars_legend_before_the_fast_marks() -> None:
    app = HistoryApp()
    async with app.run_test(size=(80, 24)):
        plot = chart_text(app, WeeksChart).splitlines()
        assert plot[0].strip() == f"Minutes · {MET} met · {SHORT} not"
        assert sum(line.count(FAST) for line in plot[1:]) >= 3


async def test_from_home_the_programme_of_a_walk_is_named(make: AppMaker, xdg: Xdg) -> None:
    started = datetime(2026, 3, 2, 8, 0, tzinfo=CET)
    walk = make_summary(started, program="back-to-walking", program_week=1)
    write_summary(walk, xdg.sessions)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "Programme: Back to walking, week 1" in shown(app, "#details")
        assert row(app, 0)[1] == "W1 Classic 30/30"
