"""The hardened configuration and the privacy rules, checked on the files themselves."""

from __future__ import annotations

import re
import tomllib

from tests.app.helpers import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"
APP_SOURCES = [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]


def test_streamlit_config_is_hardened() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "minimal"  # no Deploy button
    assert config["client"]["showErrorDetails"] == "none"
    # tables have no built-in CSV download or copy (they would skip the formula neutralising)
    assert config["client"]["disableDataExport"] is True
    assert config["server"]["maxUploadSize"] == 10
    assert config["server"]["headless"] is True
    assert config["server"]["runOnSave"] is False


def test_no_roster_data_in_shared_caches_or_on_disk() -> None:
    # code, not the docstrings that name them in ``backticks``
    shared_cache = re.compile(
        r"(?<!`)\b(?:st\.)?(?:cache_data|cache_resource|experimental_memo|experimental_singleton)\b(?!`)"
    )
    writes = re.compile(r"\.to_csv\(|\.to_excel\(|\.write_bytes\(|\.write_text\(|open\([^)]*[\"'][wa]b?[\"']")
    for source in APP_SOURCES:
        text = source.read_text(encoding="utf-8")
        assert not shared_cache.search(text), f"{source.name} uses a cache shared across sessions"
        assert not writes.search(text), f"{source.name} writes to disk"


def test_roster_values_are_never_rendered_as_html() -> None:
    for source in APP_SOURCES:
        text = source.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in text, source.name
        assert "st.html" not in text, source.name
