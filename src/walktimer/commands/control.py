"""`walktimer control ACTION`: one action for the walk running now, from another terminal, a
script, a phone notification's button or a headset remote (`walktimer.control`)."""

from __future__ import annotations

import argparse
import sys

from walktimer import paths
from walktimer.commands import print_json
from walktimer.control import ControlError, ask, status_line
from walktimer.domain.words import safe_text
from walktimer.errors import EXIT_FAILURE, EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Exit 0 once the walk has taken the action; 1, with the reason, if no walk is running
    or it could not be reached. `status` prints the walk's line, `--json` its status."""
    try:
        status = ask(paths.control_socket(), args.action)
    except ControlError as exc:
        print(f"walktimer: {safe_text(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    if args.json:
        print_json(status)
    elif args.action == "status":
        try:
            line = status_line(status)
        except ValueError:  # a walktimer of another version, or something else at the socket
            print("walktimer: the walk's answer was not understood", file=sys.stderr)
            return EXIT_FAILURE
        print(safe_text(line))  # the names come from preset files
    return EXIT_OK
