"""The one place that writes walk summaries to disk, and reads them back."""

from walktimer.storage.checkpoint import CheckpointWriter
from walktimer.storage.files import (
    encode_summary,
    replace_file,
    write_checkpoint,
    write_summary,
)
from walktimer.storage.reading import index_file, read_summaries
from walktimer.storage.recovery import Told, recover_walks

__all__ = [
    "CheckpointWriter",
    "Told",
    "encode_summary",
    "index_file",
    "read_summaries",
    "recover_walks",
    "replace_file",
    "write_checkpoint",
    "write_summary",
]
