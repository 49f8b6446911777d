"""Keep the ALSA library from writing its diagnostics straight onto the terminal.

On a machine without a sound card, every attempt to open a device makes libasound print a
dozen lines to file descriptor 2, the very terminal the app draws on. The reason for a failure
reaches walktimer through the backend's own error anyway, so the library's chatter is dropped.
"""

from __future__ import annotations

import ctypes

_ErrorHandler = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)


def _ignore(file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes) -> None:
    pass


_handler = _ErrorHandler(_ignore)  # kept alive here: the library holds only a raw pointer
_quieted = False


def quiet_alsa() -> None:
    """Install a do-nothing error handler in libasound, once; no-op where there is no ALSA."""
    global _quieted
    if _quieted:
        return
    _quieted = True
    try:
        library = ctypes.CDLL("libasound.so.2")
        library.snd_lib_error_set_handler(_handler)
    except (OSError, AttributeError):
        pass
