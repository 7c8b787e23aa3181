"""Every tunable limit of the product, in one place.

Rule defaults for planning live in :mod:`planner.settings`; this module holds the
input limits and other fixed knobs the reader, the app and the CLI share.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Languages the product speaks; the first is the fallback.
LANGUAGES: tuple[str, ...] = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


@dataclass(frozen=True)
class InputLimits:
    """What the reader refuses before it parses anything big."""

    max_upload_bytes: int = 10 * 1024 * 1024
    #: an xlsx is a zip: refuse one whose parts would inflate past this
    max_unzipped_bytes: int = 200 * 1024 * 1024
    #: and one whose compression ratio looks like a zip bomb
    max_zip_ratio: float = 200.0
    max_zip_entries: int = 2_000
    max_rows: int = 200_000
    #: how many leading rows may hold titles before the header row
    header_search_rows: int = 15
    #: a workbook is parsed in a worker process killed after this many seconds
    read_deadline_seconds: float = 20.0
    #: and whose address space is capped at this (a sparse sheet may claim billions of cells)
    worker_memory_bytes: int = 2 * 1024 * 1024 * 1024
    #: JSON (layouts, bundles, saved workshops) nested deeper than this is refused
    max_json_depth: int = 64
    #: longer names are cut at reading, with a warning (Excel's cell holds 32,767 characters)
    max_name_chars: int = 100


DEFAULT_LIMITS = InputLimits()

#: Separators accepted between team names in a member's ``teams`` cell.
TEAM_SEPARATORS = ";；,，、/"


@dataclass(frozen=True)
class StoreLimits:
    """The workshop store's knobs (planner.store)."""

    #: versions kept per workshop (older ones are dropped on save)
    keep_versions: int = 50
    #: a stored blob (deflated) is refused above this, and above this once inflated
    max_blob_bytes: int = 64 * 1024 * 1024
    max_inflated_bytes: int = 512 * 1024 * 1024
    #: how long a writer waits for another one to finish, seconds
    busy_seconds: float = 30.0
    #: a participant's view checks for a new version this often, seconds
    poll_seconds: float = 2.0
    #: wrong join codes allowed per client address in ``code_window_seconds``
    code_attempts: int = 5
    code_window_seconds: float = 60.0

    def bundle_limits(self) -> InputLimits:
        """A saved workshop is read as a bundle, but as bare JSON of any stored size."""
        return InputLimits(
            max_upload_bytes=self.max_inflated_bytes, max_unzipped_bytes=self.max_inflated_bytes
        )
