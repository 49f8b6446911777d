"""The program's entry (`walktimer`, `python -m walktimer`): Ctrl-C at any moment ends it with
one line, never a traceback.

The walk handles its own Ctrl-C (it stops and saves the walk); this catches the rest: one at a
question before the walk, in a command that prints data, or while the modules are still being
imported. Everything, down to `signal`, is imported inside the guard, and the command line
itself with Ctrl-C held back until it is loaded. An interrupt in the midst of an import can
surface as another error: chained to the KeyboardInterrupt (a class being built), which is
recognised here, or not at all (a module compiling at that moment reports a SyntaxError),
which holding Ctrl-C back avoids.
"""

import sys

EXIT_INTERRUPTED = 130  # 128 + SIGINT: what a shell shows for a program ended by Ctrl-C


def main() -> int:
    try:
        import signal

        held: list[int] = []
        default = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
        try:
            from walktimer.cli import main as run
        finally:
            signal.signal(signal.SIGINT, default)
        if held:
            raise KeyboardInterrupt
        code = run()
        # Done: a Ctrl-C from here on could only interrupt the interpreter's own way out.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except BaseException as exc:
        if not _interrupted(exc):
            raise
        return _stopped()
    _forget_interrupts()
    return code


def _interrupted(exc: BaseException | None) -> bool:
    """Whether `exc` is a KeyboardInterrupt, or an error it caused."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _stopped() -> int:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C cannot cut this short
    import contextlib

    with contextlib.suppress(OSError):  # no terminal left to say it on
        print("walktimer: stopped", file=sys.stderr, flush=True)
    _forget_interrupts()
    return EXIT_INTERRUPTED


def _forget_interrupts() -> None:
    """Exit with our own code even after a KeyboardInterrupt that was caught and handled.

    CPython marks a KeyboardInterrupt that ends code run from a string (the `exec` that builds a
    dataclass's methods, the `eval` in `namedtuple`) as unhandled, even when a caller catches it,
    and under `python -m` then ends the process by SIGINT instead of with its exit code. Running
    a string once more clears that mark."""
    eval("None")  # a constant, evaluated only to clear the mark


if __name__ == "__main__":
    raise SystemExit(main())
