"""The outside judges pass on the fixture site, and each one fails, naming the page and the fault, when broken."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import MINIMAL_DIR, REPO_ROOT, TRANSLATIONS_DIR, build_into, make_site, need_tools
from judges import (
    judge_a11y,
    judge_catalogs,
    judge_determinism,
    judge_feeds,
    judge_html,
    judge_links,
    judge_pdf,
    judge_sitemap,
)

from site_builder.content.languages import BABEL_LOCALES

# A handful of pages for axe: a browser run per page is the slow part of judging.
A11Y_PAGES = ["index.html", "zh/index.html", "en/articles/tour-2023/index.html", "zh/timeline/index.html"]
MISSING_ALT = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="1" height="1">'


@pytest.fixture()
def scratch_copy(minimal_site, tmp_path):
    """A copy of the built fixture site that a test may break."""
    return shutil.copytree(minimal_site.output, tmp_path / "site")


def assert_fails(result, name, *fragments):
    assert result.name == name
    assert not result.ok, f"judge {name} passed on a broken site"
    assert any(all(fragment in failure for fragment in fragments) for failure in result.failures), result.failures
    assert result.failure_lines()[0].startswith(f"judge {name}: FAIL ")


# --- a good site passes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("judge", [judge_links, judge_feeds, judge_sitemap, judge_html, judge_catalogs])
def test_judges_pass_on_the_fixture_site(minimal_site, judge):
    if judge is judge_html:
        need_tools("java")
    result = judge(minimal_site.output)
    assert result.failures == []
    assert result.count > 0
    assert result.summary().startswith(f"judge {result.name}: {result.count} ")


def test_links_judge_counts_every_link(minimal_site):
    result = judge_links(minimal_site.output)
    assert result.count > 500
    assert result.summary().endswith(", 0 broken")


def test_a11y_passes_on_a_handful_of_pages_in_both_colour_schemes(minimal_site):
    need_tools("chromium", "axe")
    result = judge_a11y(minimal_site.output, pages=A11Y_PAGES)
    assert result.failures == []
    assert result.count == 2 * len(A11Y_PAGES)


def test_determinism_judge_rebuilds_twice_and_compares(minimal_site):
    result = judge_determinism(minimal_site.output, content_dir=MINIMAL_DIR, pdf=False)
    assert result.failures == []
    assert result.count == len([path for path in minimal_site.output.rglob("*") if path.is_file()])


# --- a broken site fails, naming the check, the page and the fault --------------------------------------------


def test_a_link_to_a_missing_page_or_anchor_fails_the_links_judge(tmp_path):
    entry = (MINIMAL_DIR / "articles" / "tour-2023.en.md").read_text(encoding="utf-8")
    content = make_site(tmp_path, {"articles/tour-2023.en.md": entry + "\nSee [nothing](/en/nope/) and "
                                   "[no anchor](#nowhere).\n"})
    site = build_into(content, tmp_path / "output", strict=True, search=False)
    result = judge_links(site.output)
    assert_fails(result, "links", "en/articles/tour-2023/index.html", "href /en/nope/ does not resolve")
    assert_fails(result, "links", "en/articles/tour-2023/index.html", "#nowhere", "no id 'nowhere'")
    # The pages the build leaves out without search are the only other failures: they name the bundle.
    assert all("tour-2023" in failure or "/pagefind/" in failure for failure in result.failures), result.failures


def test_a_removed_page_fails_the_links_feeds_and_sitemap_judges(scratch_copy):
    (scratch_copy / "en" / "articles" / "tour-2023" / "index.html").unlink()
    assert_fails(judge_links(scratch_copy), "links", "href /en/articles/tour-2023/ does not resolve (no such file)")
    assert_fails(judge_feeds(scratch_copy), "feeds", "en/feed.xml",
                 "link https://briefing.example.org/en/articles/tour-2023/ does not resolve")
    assert_fails(judge_sitemap(scratch_copy), "sitemap",
                 "<loc> https://briefing.example.org/en/articles/tour-2023/ has no page")


def test_a_site_without_pdfs_fails_the_pdf_judge(minimal_site):
    # The fixture is built without PDFs, as the suite builds every site but those of tests/test_pdf.py.
    result = judge_pdf(minimal_site.output)
    assert_fails(result, "pdf", "zh/index.html: lists no PDF of the briefing")
    assert result.count == 0


def test_one_sided_hreflang_fails_the_sitemap_judge(scratch_copy):
    page = scratch_copy / "zh" / "glossary" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace('hreflang="en" href="https://briefing.example.org/en/glossary/"',
                                 'hreflang="en" href="https://briefing.example.org/en/"', 1), encoding="utf-8")
    assert_fails(judge_sitemap(scratch_copy), "sitemap", "zh/glossary/index.html: hreflang links in <head>",
                 "{en=https://briefing.example.org/en/, x-default=")


def test_an_image_without_alt_fails_the_a11y_and_html_judges(scratch_copy):
    need_tools("chromium", "axe", "java")
    page = scratch_copy / "zh" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</main>", MISSING_ALT + "</main>", 1), encoding="utf-8")
    result = judge_a11y(scratch_copy, pages=["zh/index.html"])
    assert_fails(result, "a11y", "zh/index.html (light): image-alt", "Images must have alternative text")
    assert_fails(result, "a11y", "zh/index.html (dark): image-alt")
    html_result = judge_html(scratch_copy)
    assert_fails(html_result, "html", "zh/index.html:", "img")
    assert all(failure.startswith("zh/index.html:") for failure in html_result.failures), html_result.failures


def test_a_blank_translation_fails_the_catalogs_judge(tmp_path, minimal_site):
    translations = shutil.copytree(TRANSLATIONS_DIR, tmp_path / "translations")
    before = judge_catalogs(minimal_site.output, translations_dir=translations)
    po = translations / "zh" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=BABEL_LOCALES["zh"])
    blanked = next(message for message in catalog if message.id and message.string and
                   isinstance(message.id, str))
    blanked.string = ""
    with po.open("wb") as handle:
        write_po(handle, catalog)
    result = judge_catalogs(minimal_site.output, translations_dir=translations)
    assert_fails(result, "catalogs", "zh/LC_MESSAGES/messages.po", f"untranslated UI string '{blanked.id}'")
    new = [failure for failure in result.failures if failure not in before.failures]
    assert len(new) == 1 and f"'{blanked.id}'" in new[0], new


def test_the_command_line_prints_a_line_per_check_then_the_failures(scratch_copy):
    (scratch_copy / "zh" / "people").rename(scratch_copy / "zh" / "folk")
    run = subprocess.run([sys.executable, "-m", "tests.judges", str(scratch_copy), "--only", "links,feeds"],
                         cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 1, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("judge links: ") and " links checked in " in lines[0]
    assert lines[1].startswith("judge feeds: 2 feeds with 6 entries parsed, 0 problems")
    assert any(line.startswith("judge links: FAIL zh/") and "href /zh/people/ does not resolve" in line
               for line in lines), run.stdout
    assert lines[-1] == "judges: 1 of 2 checks failed: links"


def test_the_command_line_exits_0_when_every_check_passes(minimal_site):
    run = subprocess.run([sys.executable, "-m", "tests.judges", str(minimal_site.output), "--only", "links,sitemap"],
                         cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1] == "judges: all 2 checks passed"
