"""The editor's page is plain standard HTML, CSS and JavaScript, shipped in the package: every asset a page
names is served, nothing is fetched from the network, and no browser-specific API is used (Chromium is the
only browser the tests drive; Firefox and Edge must work from the same standard code)."""

from __future__ import annotations

import re

import pytest

from reportgen.editor.server import ASSETS, STATIC

# Chromium-only or non-standard: none has a Firefox equivalent under the same name.
NOT_STANDARD = ("webkit", "-moz-", "showOpenFilePicker", "showSaveFilePicker", "showDirectoryPicker",
                "userAgentData", "scrollIntoViewIfNeeded", "webkitdirectory", "document.all", "execCommand",
                "attachEvent", "innerText", "zoom:", "navigator.share", "FileSystemHandle", "EyeDropper")


@pytest.mark.parametrize("page", sorted(p.name for p in STATIC.glob("*.html")))
def test_every_asset_a_page_names_is_served(page):
    named = re.findall(r'(?:src|href)="/static/([^"]+)"', (STATIC / page).read_text(encoding="utf-8"))
    assert named and all(name in ASSETS and (STATIC / name).is_file() for name in named)


@pytest.mark.parametrize("asset", sorted(p.name for p in STATIC.iterdir()))
def test_no_network_and_no_browser_specific_api(asset):
    text = (STATIC / asset).read_text(encoding="utf-8")
    assert not re.search(r"https?://(?!www\.w3\.org/)|//cdn|@import|url\(", text), asset  # a namespace is no fetch
    assert [word for word in NOT_STANDARD if word.lower() in text.lower()] == []
    if asset.endswith(".js"):
        assert "innerHTML" not in text and "eval(" not in text and "new Function" not in text
