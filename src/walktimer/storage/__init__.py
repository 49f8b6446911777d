"""The one place that writes walk summaries to disk, and reads them back."""

from walktimer.storage.checkpoint import CheckpointWriter
from walktimer.storage.files import (
    encode_summary,
    replace_file,
    write_checkpoint,
    write_summary,
)
from walktimer.storage.reading import index_file, read_summaries
from walktimer.storage.recovery import RecoveryError, recover_checkpoint

__all__ = [
    "CheckpointWriter",
    "RecoveryError",
    "encode_summary",
    "index_file",
    "read_summaries",
    "recover_checkpoint",
    "replace_file",
    "write_checkpoint",
    "write_summary",
]
