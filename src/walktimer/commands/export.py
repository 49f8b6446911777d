"""`walktimer export`: a walk as a workout file for a watch (FIT), as the workout text of
intervals.icu, or as its timeline in JSON.

The walk is planned exactly as `walktimer run` plans it (the same options, the same config
defaults), so what the watch runs is what walktimer would have guided. A file is written whole
or not at all, and exporting the same walk again replaces walktimer's earlier export of it; a
link, a device or a named pipe is written into instead, and stays what it is.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from functools import partial
from typing import Any, BinaryIO, Literal

from walktimer.commands import NotWritten, catalog, config, write_out
from walktimer.commands.options import RunOptions, plan_for
from walktimer.commands.presets import show_json
from walktimer.domain.plan import Plan
from walktimer.domain.words import duration_text, safe_text
from walktimer.domain.workout import RepeatStep, Workout, build_workout, icu_text
from walktimer.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE

Format = Literal["fit", "icu", "json"]
SUFFIXES: dict[Format, str] = {"fit": ".fit", "icu": ".txt", "json": ".json"}
NEXT_STEP: dict[Format, str] = {
    "fit": "Copy it into GARMIN/NewFiles on the watch (over USB): see Training > Workouts.",
    "icu": "Paste it into a new workout's text box in the intervals.icu workouts library.",
    "json": "",
}
BINARY_ON_TERMINAL = "walktimer: a FIT file is binary, not for a terminal: give -o a file's name"


class OntoTerminal(Exception):
    """A FIT file was about to be written onto a terminal."""


def run(args: argparse.Namespace) -> int:
    fmt: Format = args.format
    plan = plan_for(RunOptions.planned(args), config("defaults"))
    data = encode(fmt, args.walk, plan)
    default = plan.walk_id + SUFFIXES[fmt]
    try:
        target = write_out(data, args.output, default=default, check=partial(refuse, fmt))
    except OntoTerminal:
        print(BINARY_ON_TERMINAL, file=sys.stderr)
        return EXIT_USAGE
    except NotWritten:
        return EXIT_FAILURE
    if target is None:  # standard output: the data alone
        return EXIT_OK
    # Names and paths come from files and the command line: shown, never obeyed.
    print(
        f"Wrote {safe_text(str(target))}: {safe_text(plan.walk_name)}, "
        f"{duration_text(plan.total_seconds)} in all."
    )
    if NEXT_STEP[fmt] and target.is_file():  # not after a device or a pipe
        print(NEXT_STEP[fmt])
    return EXIT_OK


def encode(fmt: Format, walk_ref: str, plan: Plan) -> bytes:
    if fmt == "fit":
        return fit_bytes(build_workout(plan))
    if fmt == "icu":
        return icu_text(plan).encode("utf-8")
    text = json.dumps(timeline_json(walk_ref, plan), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def timeline_json(walk_ref: str, plan: Plan) -> dict[str, Any]:
    """The object `presets show --json` gives for the walk, with the timeline and the total of
    the plan as exported (its warm-up, cool-down, rounds and intervals as asked for)."""
    entry = catalog().get(walk_ref, "walk")
    return show_json(entry, plan) | {"total_seconds": plan.total_seconds}


def refuse(fmt: Format, stream: BinaryIO) -> None:
    """OntoTerminal if `stream` is a terminal and `fmt` binary."""
    if fmt == "fit" and stream.isatty():
        raise OntoTerminal


def fit_bytes(workout: Workout) -> bytes:
    """The workout as a Garmin FIT workout file: a `file_id` of type workout, a `workout` of
    sport walking, and one `workout_step` per step, timed steps in milliseconds."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.fit_file_header import ProtocolVersion
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.workout_message import WorkoutMessage
    from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
    from fit_tool.profile.profile_type import (
        FileType,
        Intensity,
        Manufacturer,
        Sport,
        WorkoutStepDuration,
        WorkoutStepTarget,
    )

    intensities = {
        "warmup": Intensity.WARMUP,
        "active": Intensity.ACTIVE,
        "recovery": Intensity.RECOVERY,
        "cooldown": Intensity.COOLDOWN,
    }
    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    # With the type, manufacturer and product, the serial number names the file: the same
    # workout gets the same one.
    file_id.serial_number = zlib.crc32(repr(workout).encode("utf-8")) or 1
    file_id.time_created = round(time.time()) * 1000  # fit-tool takes Unix milliseconds
    header = WorkoutMessage()
    header.workout_name = workout.name
    header.sport = Sport.WALKING
    header.num_valid_steps = len(workout.steps)
    builder = FitFileBuilder(auto_define=True)
    builder.add(file_id)
    builder.add(header)
    for index, step in enumerate(workout.steps):
        # The duration type goes first: it decides what the duration and target values mean.
        message = WorkoutStepMessage()
        message.message_index = index
        if isinstance(step, RepeatStep):
            message.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
            message.duration_step = step.back_to  # the message index of the block's first step
            message.target_type = WorkoutStepTarget.OPEN
            message.target_repeat_steps = step.times  # the block's runs in all
        else:
            message.workout_step_name = step.name
            message.duration_type = WorkoutStepDuration.TIME
            message.duration_time = float(step.seconds)  # in seconds, stored as milliseconds
            message.target_type = WorkoutStepTarget.OPEN
            message.intensity = intensities[step.intensity]
            if step.notes:
                message.notes = step.notes
        builder.add(message)
    fit_file = builder.build()
    # Protocol 1.0, as Garmin's own workout files are: older watches refuse protocol 2, and a
    # workout uses nothing it added (developer fields, 64-bit values).
    fit_file.header.protocol_version = ProtocolVersion(1, 0)
    data: bytes = fit_file.to_bytes()
    return data
