"""App-test fixtures: every test gets its own empty workshop store, never the user's real one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import ui.workshop_store as workshop_store


@pytest.fixture(autouse=True)
def private_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``WORKBENCH_DATA_DIR`` in a temporary folder, autosave on, the facilitator's address
    list at its default, and a fresh wrong-code limiter."""
    folder = tmp_path / "workbench-data"
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(folder))
    monkeypatch.delenv("WORKBENCH_AUTOSAVE", raising=False)
    monkeypatch.delenv("WORKBENCH_FACILITATOR_ADDRESSES", raising=False)
    monkeypatch.setattr(workshop_store, "CODE_LIMITER", workshop_store.CodeLimiter())
    yield folder
