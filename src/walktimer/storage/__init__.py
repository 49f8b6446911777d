"""The one place that writes walk summaries to disk, and reads them back."""

from walktimer.storage.checkpoint import CheckpointWriter
from walktimer.storage.corrections import (
    NotASummary,
    RecordError,
    UnknownWalk,
    WalkExists,
    edit_summary,
    restore_summary,
    trash_beside,
    trash_summary,
)
from walktimer.storage.files import (
    encode_summary,
    replace_file,
    write_checkpoint,
    write_summary,
)
from walktimer.storage.program import ProgramFileError, end_active, read_active, write_active
from walktimer.storage.reading import add_phases, index_file, read_summaries
from walktimer.storage.recovery import Told, recover_walks

__all__ = [
    "CheckpointWriter",
    "NotASummary",
    "ProgramFileError",
    "RecordError",
    "Told",
    "UnknownWalk",
    "WalkExists",
    "add_phases",
    "edit_summary",
    "encode_summary",
    "end_active",
    "index_file",
    "read_active",
    "read_summaries",
    "recover_walks",
    "replace_file",
    "restore_summary",
    "trash_beside",
    "trash_summary",
    "write_active",
    "write_checkpoint",
    "write_summary",
]
