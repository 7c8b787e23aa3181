"""Browser-test fixtures: the app under ``streamlit run`` and Debian's Chromium driven by Playwright.

No browser is ever downloaded: Playwright drives ``/usr/bin/chromium``. Where it is missing the
tests skip with a loud reason, except under CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 90.0  # seconds; a cold start on a slow CI machine
STEP_TIMEOUT_MS = 45_000  # any one wait in the browser


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.is_file():
        reason = f"BROWSER TESTS NOT RUN: {CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return CHROMIUM


@contextlib.contextmanager
def serve_app(log_name: str, env: dict[str, str]) -> Iterator[str]:
    """``streamlit run app.py`` on a free port with ``env`` added; yields its base URL. Its log is
    kept as an artifact."""
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / log_name
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
    ]
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env}
        )
        try:
            base = f"http://localhost:{port}"
            deadline = time.monotonic() + SERVER_START_TIMEOUT
            while not _answers(f"{base}/_stcore/health"):
                if server.poll() is not None:
                    pytest.fail(f"streamlit exited with {server.returncode}; see {log_path}")
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"streamlit did not answer within {SERVER_START_TIMEOUT:.0f} s; see {log_path}"
                    )
                time.sleep(0.25)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=15)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app, its workshop store in a temporary folder (never the user's data folder)."""
    store = tmp_path_factory.mktemp("workbench-data")
    with serve_app("streamlit-server.log", {"WORKBENCH_DATA_DIR": str(store)}) as base:
        yield base


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
