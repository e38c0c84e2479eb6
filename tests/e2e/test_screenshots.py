"""Screenshots of every page kind of the shipped site, in both languages, at a phone's and a desk's width, for
people to look at: written to screenshots/ (or $SITE_BUILDER_SCREENSHOTS), which CI keeps as an artifact."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import REPO_ROOT

WIDTHS = {"phone": 390, "desktop": 1280}
FOLDER = Path(os.environ.get("SITE_BUILDER_SCREENSHOTS", REPO_ROOT / "screenshots"))


_TALLEST = 4000
# pixels of a page photographed


@pytest.mark.parametrize("device", WIDTHS)
def test_every_page_kind_is_photographed_at_both_widths(browser, served_shipped, device):
    FOLDER.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": WIDTHS[device], "height": 844})
    written = []
    pages = {"landing": ""} | {f"{lang}-{kind}": path for lang in served_shipped.site.config.languages
                               for kind, path in served_shipped.pages(lang).items()}
    for name, path in pages.items():
        page.goto(served_shipped.url(path))
        target = FOLDER / f"{name}-{device}.jpg"
        # JPEG at middling quality, and the top of a long page only (a glossary page is tens of thousands of
        # pixels tall): what a reviewer looks at, in a fraction of the time.
        height = min(page.evaluate("document.documentElement.scrollHeight"), _TALLEST)
        page.screenshot(path=str(target), full_page=True, type="jpeg", quality=60,
                        clip={"x": 0, "y": 0, "width": WIDTHS[device], "height": height})
        written.append(target)
    page.close()
    assert written and all(path.stat().st_size > 5_000 for path in written)
    assert len(written) == len(pages) == 1 + sum(len(served_shipped.pages(lang))
                                                 for lang in served_shipped.site.config.languages)
