"""`walktimer report`: the walking diary, for a physiotherapist or a doctor.

Markdown by default (to standard output, or to a file), or one self-contained HTML page when
the file's name ends in `.html`: the same table, a small chart of the minutes and the pain week
by week, the notes with their dates. Facts only, no advice. Text from files is escaped for the
format it goes into: `html.escape` for the page; for Markdown, control characters made visible,
line breaks made spaces, and the characters that would end a table cell or start a tag or a
link written as text.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from walktimer import __version__
from walktimer.commands import NotWritten, catalog, write_out
from walktimer.commands.history import load
from walktimer.domain.diary import MAX_WEEKS, DiaryWeek, diary, weeks_text
from walktimer.domain.progress import day_text
from walktimer.domain.stats import WEEKS_SHOWN
from walktimer.domain.words import NO_VALUE, count_text, minutes_figure, safe_text
from walktimer.errors import EXIT_FAILURE, EXIT_OK, UsageError
from walktimer.storage.reading import SessionsFolderError

COLUMNS = (
    "Week of",
    "Walks",
    "Counting",
    "Active min",
    "Fast min",
    "Pain before",
    "Pain after",
    "Pain stops",
    "Programme",
)
FACTS = (
    "A walk counts when at least half of its planned time was walked. Minutes are the time "
    "walked, pauses left out; fast minutes are those in the fast intervals. Pain is rated from "
    "0 (none) to 10; the pain columns give the mean of the ratings given that week."
)
_MARKDOWN_SPECIAL = re.compile(r"([\\|<\[])")  # escaped: a cell's end, a tag, a link
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\t]")


def run(args: argparse.Namespace) -> int:
    count: int = WEEKS_SHOWN if args.weeks is None else args.weeks
    if not 1 <= count <= MAX_WEEKS:
        raise UsageError([f"--weeks: expected a whole number from 1 to {MAX_WEEKS}, got {count}"])
    try:
        summaries = load(phases=False)
    except SessionsFolderError as exc:
        print(f"walktimer: {safe_text(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    cat = catalog()
    names = {e.id: e.name for e in cat.entries("program") if e.usable}
    now = datetime.now().astimezone()
    weeks = diary(summaries, weeks=count, now=now)
    as_html = args.output is not None and args.output.lower().endswith(".html")
    text = html_page(weeks, names, now.date()) if as_html else markdown(weeks, names, now.date())
    try:
        target = write_out(text, args.output)
    except NotWritten:
        return EXIT_FAILURE
    if target is None:  # standard output: the diary alone
        return EXIT_OK
    print(f"Wrote {safe_text(str(target))}: {count_text(len(weeks), 'week')} of walks.")
    return EXIT_OK


def markdown_text(text: str) -> str:
    """Text from a file, for a Markdown table cell or list item: one line, nothing in it
    read as Markdown's own."""
    one_line = safe_text(_LINE_BREAKS.sub(" ", text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)


def cells(week: DiaryWeek, names: Mapping[str, str]) -> tuple[str, ...]:
    """One week's row, as text from files is written in the files (the caller escapes)."""
    return (
        week.start.isoformat(),
        str(week.walks),
        str(week.counting),
        minutes_figure(week.active_seconds),
        minutes_figure(week.fast_seconds),
        _pain(week.pain_before),
        _pain(week.pain_after),
        str(week.pain_stops),
        "; ".join(f"{names.get(p, p)}, {weeks_text(found)}" for p, found in week.programmes),
    )


def _pain(mean: float | None) -> str:
    return NO_VALUE if mean is None else f"{mean:.1f}"


def span_text(weeks: tuple[DiaryWeek, ...], made: date) -> str:
    last = weeks[-1].start + timedelta(days=6)
    return (
        f"{count_text(len(weeks), 'week')}, from Monday {weeks[0].start.isoformat()} to Sunday "
        f"{last.isoformat()}. Made with walktimer {__version__} on {made.isoformat()}."
    )


def totals_text(weeks: tuple[DiaryWeek, ...]) -> str:
    walks = sum(w.walks for w in weeks)
    counting = sum(w.counting for w in weeks)
    active = minutes_figure(sum(w.active_seconds for w in weeks))
    fast = minutes_figure(sum(w.fast_seconds for w in weeks))
    stops = sum(w.pain_stops for w in weeks)
    return (
        f"In all: {walks} walks, {counting} of them counting; {active} active minutes, "
        f"{fast} of them fast; {stops} stopped for pain."
    )


def _note_day(day: date) -> str:
    return f"{day_text(day)} {day.year}"


def markdown(weeks: tuple[DiaryWeek, ...], names: Mapping[str, str], made: date) -> str:
    lines = ["# Walking diary", "", span_text(weeks, made), "", FACTS, ""]
    lines.append("| " + " | ".join(COLUMNS) + " |")
    lines.append("| --- " + "| ---: " * (len(COLUMNS) - 2) + "| --- |")
    for week in weeks:
        lines.append("| " + " | ".join(markdown_text(c) for c in cells(week, names)) + " |")
    lines += ["", totals_text(weeks)]
    notes = [note for week in weeks for note in week.notes]
    if notes:
        lines += ["", "## Notes", ""]
        lines += [f"- {_note_day(note.day)}: {markdown_text(note.text)}" for note in notes]
    return "\n".join(lines) + "\n"


STYLE = """
@page { size: A4; margin: 14mm; }
body { font: 10pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #111; max-width: 182mm; margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 12pt 0 4pt; }
p { margin: 0 0 6pt; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #bbb; padding: 2pt 4pt; text-align: right; }
th { border-bottom: 1.5px solid #333; vertical-align: bottom; }
th:first-child, td:first-child, th:last-child, td:last-child { text-align: left; }
tr { break-inside: avoid; }
figure { margin: 6pt 0 10pt; }
svg { width: 100%; height: auto; }
svg text { font-size: 10px; fill: #333; }
ul { padding-left: 14pt; margin: 0; }
li { margin-bottom: 2pt; break-inside: avoid; }
"""


def html_page(weeks: tuple[DiaryWeek, ...], names: Mapping[str, str], made: date) -> str:
    def esc(text: str) -> str:
        return html.escape(safe_text(text))

    head = "".join(f"<th>{esc(c)}</th>" for c in COLUMNS)
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells(week, names)) + "</tr>"
        for week in weeks
    )
    notes = [note for week in weeks for note in week.notes]
    listed = "\n".join(
        f"<li><strong>{_note_day(note.day)}</strong>: {esc(note.text)}</li>" for note in notes
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Walking diary</title>
<style>{STYLE}</style>
</head>
<body>
<h1>Walking diary</h1>
<p>{esc(span_text(weeks, made))}</p>
<figure>
{chart_svg(weeks)}
</figure>
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
<p>{esc(totals_text(weeks))}</p>
<p>{esc(FACTS)}</p>
{f"<h2>Notes</h2>{chr(10)}<ul>{chr(10)}{listed}{chr(10)}</ul>" if notes else ""}
</body>
</html>
"""


def chart_svg(weeks: tuple[DiaryWeek, ...]) -> str:
    """Active minutes a week as bars (minutes on the left), and the mean pain before (open
    circles) and after (filled circles) on 0 to 10 (on the right): shapes that print in
    black and white."""
    width, height, left, right, top, bottom = 640, 190, 44, 36, 22, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    top_minutes = max((w.active_seconds / 60 for w in weeks), default=0)
    scale = max(10, -(-int(top_minutes) // 10) * 10)  # whole tens of minutes above the top bar
    slot = plot_w / len(weeks)
    every = max(1, -(-len(weeks) // 13))  # a date under at most 13 of the weeks
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="chart-title">',
        '<title id="chart-title">Active minutes and mean pain, week by week</title>',
    ]
    for share in (0, 0.5, 1):
        y = top + plot_h * (1 - share)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ccc"/>'
            f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end">{scale * share:g}</text>'
            f'<text x="{left + plot_w + 4}" y="{y + 3:.1f}">{10 * share:g}</text>'
        )
    parts.append(f'<text x="{left}" y="12">minutes (bars)</text>')
    parts.append(
        f'<text x="{left + plot_w}" y="12" text-anchor="end">pain 0-10: '
        "\u25cb before, \u25cf after</text>"
    )
    for index, week in enumerate(weeks):
        x = left + slot * index
        bar = plot_h * (week.active_seconds / 60) / scale
        parts.append(
            f'<rect x="{x + slot * 0.2:.1f}" y="{top + plot_h - bar:.1f}" '
            f'width="{slot * 0.6:.1f}" height="{bar:.1f}" fill="#9ab"/>'
        )
        middle = x + slot / 2
        # Before a little to the left, after a little to the right: equal means both show.
        for mean, fill, side in ((week.pain_before, "#fff", -1), (week.pain_after, "#222", 1)):
            if mean is not None:
                y = top + plot_h * (1 - mean / 10)
                parts.append(
                    f'<circle cx="{middle + side * min(5, slot / 6):.1f}" cy="{y:.1f}" '
                    f'r="{min(3.5, slot / 5):.1f}" '
                    f'fill="{fill}" stroke="#222" stroke-width="1.2"/>'
                )
        if index % every == 0:
            parts.append(
                f'<text x="{middle:.1f}" y="{height - bottom + 14}" text-anchor="middle">'
                f"{week.start.day} {week.start:%b}</text>"
            )
    parts.append(f'<text x="{left}" y="{height - 4}">weeks, by their Monday</text>')
    parts.append("</svg>")
    return "\n".join(parts)
