"""A rebuild after any edit re-renders only the files it changed, and writes what a clean build writes.

Each test copies the shipped content, templates and catalogs, builds once (which fills
.cache/), makes one kind of edit, rebuilds, and compares the output folder and the
reported problems with a clean build of the same input without cache.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace

import pytest
from conftest import CONTENT_DIR, TEMPLATES_DIR, TRANSLATIONS_DIR, build_options, read_tree
from test_quick import age, edit, messages

from site_builder.errors import ContentError
from site_builder.pipeline import build_site

PARTIAL = re.compile(r"(\d+) of (\d+) files rendered")
XIE = "articles/shijian-xie-baojian"


class Project:
    """A copy of the project's inputs in a temporary folder, built once."""

    def __init__(self, tmp_path):
        self.root = tmp_path
        self.content = tmp_path / "content"
        self.templates = tmp_path / "templates"
        self.translations = tmp_path / "translations"
        for source, target in ((CONTENT_DIR, self.content), (TEMPLATES_DIR, self.templates),
                               (TRANSLATIONS_DIR, self.translations)):
            shutil.copytree(source, target)
            age(target)
        self.output = tmp_path / "output"
        self.options = replace(build_options(self.content, self.output, search=False),
                               templates_dir=self.templates, translations_dir=self.translations)
        assert build_site(self.options).quick == ""

    def rebuild(self):
        return build_site(self.options)

    def clean(self, name="clean"):
        """A full build of the same inputs into a new folder, without reading or writing any cache."""
        output = self.root / name
        return output, build_site(replace(self.options, output_dir=output, cache=False))

    def assert_same_as_clean(self, name="clean"):
        clean, result = self.clean(name)
        assert read_tree(self.output) == read_tree(clean)
        return result


@pytest.fixture
def project(tmp_path):
    return Project(tmp_path)


def rendered(result):
    match = PARTIAL.fullmatch(result.quick)
    assert match, f"expected a partial rebuild, got {result.quick!r}"
    return int(match.group(1)), int(match.group(2))


# Each edit: (file under the project, text to find, its replacement, files the rebuild must write or None).
EDITS = {
    "key point (own page only)": (f"content/{XIE}.zh.md", "顶层设计：与大湾区", "顶层设计：同大湾区",
                                  {f"zh/{XIE}/index.html"}),
    "title": (f"content/{XIE}.en.md", 'title: "Xie Baojian:', 'title: "Revised - Xie Baojian:', None),
    "date": (f"content/{XIE}.zh.md", "date: 2023\n", "date: 2023-11\n", None),
    "topics": (f"content/{XIE}.zh.md", "agriculture, ecology, ", "agriculture, ", None),
    "quote speaker": (f"content/{XIE}.zh.md", "  - by: xie-baojian\n", "  - by: xi-jinping\n", None),
    "summary": (f"content/{XIE}.en.md", "summary: Xie Baojian,", "summary: In short, Xie Baojian,", None),
    "person role": ("content/people/shijian-essays.yaml", "en: Professor, Party School",
                    "en: Professor at the Party School", None),
    "topic name": ("content/topics/topics.yaml", "en: Energy}", "en: Energy and power}", None),
    "event text": ("content/events/interviews-2025.yaml", "reaching 135 GW in the year",
                   "reaching 135 GW within the year", None),
    "figure value": ("content/figures/interviews-2025.yaml", "value: 2.6万亿", "value: 2.7万亿", None),
    "glossary": ("content/glossary/core.yaml", "lift its economy into the middle ranks",
                 "raise its economy into the middle ranks", {"en/glossary/index.html"}),
    "outlet name": ("content/sources/outlets.yaml", "en: Shijian (Practice) magazine", "en: Shijian magazine", None),
    "chart title": ("content/charts/charts.yaml", "en: Investment signed or planned",
                    "en: Investment agreed or planned", {"en/figures/index.html"}),
    "free page": ("content/pages/about.zh.md", "title: 关于本简报", "title: 关于这份简报", {"zh/about/index.html"}),
    "topic template": ("templates/topic.html", '<p class="lead">', '<p class="lead topic-lead">', None),
    "catalog": ("translations/en/LC_MESSAGES/messages.po",
                'msgstr "Recurring policy terms and the English rendering this briefing uses for each."',
                'msgstr "Policy terms that recur, and the English rendering this briefing uses for each."',
                {"en/glossary/index.html"}),
}


@pytest.mark.parametrize("name", EDITS)
def test_an_edit_renders_a_part_of_the_site_and_writes_what_a_clean_build_writes(project, name):
    path, old, new, written = EDITS[name]
    edit(project.root / path, old, new)
    result = project.rebuild()
    count, total = rendered(result)
    assert 0 < count < total / 2
    clean = project.assert_same_as_clean()
    assert messages(result.warnings) == messages(clean.warnings)
    if written is not None:
        assert set(result.written) == written
    assert result.written, "the edit shows somewhere"


def test_a_template_edit_renders_only_the_pages_made_with_it(project):
    edit(project.templates / "topic.html", '<p class="lead">', '<p class="lead topic-lead">')
    result = project.rebuild()
    topics = {path for path in read_tree(project.output) if re.fullmatch(r"(zh|en)/topics/[^/]+/index\.html", path)}
    assert rendered(result)[0] == len(topics)
    assert set(result.written) == topics


def test_a_person_edit_leaves_the_lists_of_articles_alone(project):
    path, old, new, _ = EDITS["person role"]
    edit(project.root / path, old, new)
    result = project.rebuild()
    assert "en/people/yue-fangmin/index.html" in result.written
    assert "en/people/index.html" in result.written
    assert "en/viewpoints/yue-fangmin/index.html" in result.written
    assert not {"en/articles/index.html", "en/timeline/index.html", "zh/people/index.html"} & set(result.written)


def test_a_site_wide_edit_takes_the_full_build(project):
    edit(project.content / "site.yaml", "en: From the grasslands", "en: From the steppe")
    assert project.rebuild().quick == ""
    project.assert_same_as_clean()


def test_a_new_entry_appears_in_the_lists(project):
    for lang in ("zh", "en"):
        shutil.copy(project.content / f"{XIE}.{lang}.md", project.content / f"{XIE}-again.{lang}.md")
    result = project.rebuild()
    rendered(result)
    assert {f"zh/{XIE}-again/index.html", "zh/articles/index.html", "en/sources/index.html"} <= set(result.written)
    project.assert_same_as_clean()


def test_a_deleted_translation_falls_back_to_chinese(project):
    (project.content / "viewpoints/gao-siyang.en.md").unlink()
    result = project.rebuild()
    rendered(result)
    assert "en/viewpoints/gao-siyang/index.html" in result.written
    assert messages(result.warnings) == messages(project.assert_same_as_clean().warnings)


def test_an_entry_made_a_draft_leaves_the_site(project):
    for lang in ("zh", "en"):
        shutil.copy(project.content / f"{XIE}.{lang}.md", project.content / f"{XIE}-again.{lang}.md")
    project.rebuild()
    edit(project.content / f"{XIE}-again.zh.md", "---\n", "---\ndraft: true\n")
    result = project.rebuild()
    rendered(result)
    assert {f"zh/{XIE}-again/index.html", f"en/{XIE}-again/index.html"} <= set(result.removed)
    assert not (project.output / f"zh/{XIE}-again").exists()
    project.assert_same_as_clean()


def test_bad_content_leaves_the_site_and_the_cache_as_they_were(project):
    before = read_tree(project.output)
    edit(project.content / f"{XIE}.zh.md", "agriculture, ecology", "agriculture, ecologyy")
    with pytest.raises(ContentError) as partial:
        project.rebuild()
    with pytest.raises(ContentError) as full:
        project.clean()
    assert messages(partial.value.problems) == messages(full.value.problems)
    assert read_tree(project.output) == before
    # The cache still describes the site: the fix is a partial rebuild, not a full one.
    edit(project.content / f"{XIE}.zh.md", "agriculture, ecologyy", "agriculture")
    rendered(project.rebuild())
    project.assert_same_as_clean("clean-after-fix")


def test_successive_edits_keep_matching_a_clean_build(project):
    for round_, name in enumerate(["title", "topic name", "date", "key point (own page only)", "figure value"]):
        path, old, new, _ = EDITS[name]
        edit(project.root / path, old, new)
        result = project.rebuild()
        assert result.quick, "a rebuild from the cache"
        project.assert_same_as_clean(f"clean-{round_}")


def test_a_body_edit_then_a_front_matter_edit_keep_the_new_body(project):
    path = project.content / f"{XIE}.zh.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8")
    assert project.rebuild().quick == "1 entry updated"
    path, old, new, _ = EDITS["topic name"]
    edit(project.root / path, old, new)
    rendered(project.rebuild())
    assert "补充一段。" in (project.output / f"zh/{XIE}/index.html").read_text(encoding="utf-8")
    project.assert_same_as_clean()


def test_a_rebuild_parses_only_the_files_that_changed(project, monkeypatch):
    from site_builder import load

    parsed = []
    parse = load.parse_yaml
    monkeypatch.setattr(load, "parse_yaml", lambda text, **kw: parsed.append(text) or parse(text, **kw))
    path, old, new, _ = EDITS["person role"]
    edit(project.root / path, old, new)
    rendered(project.rebuild())
    assert len(parsed) == 1 and "Professor at the Party School" in parsed[0]


def test_a_renamed_entry_moves_to_its_new_address(project):
    for lang in ("zh", "en"):
        shutil.copy(project.content / f"{XIE}.{lang}.md", project.content / f"{XIE}-again.{lang}.md")
    project.rebuild()
    for lang in ("zh", "en"):
        (project.content / f"{XIE}-again.{lang}.md").rename(project.content / f"{XIE}-renamed.{lang}.md")
    result = project.rebuild()
    rendered(result)
    assert f"zh/{XIE}-again/index.html" in result.removed
    assert f"zh/{XIE}-renamed/index.html" in result.written
    project.assert_same_as_clean()


def test_the_live_preview_keeps_the_cache_in_memory_and_builds_the_same(project, monkeypatch):
    from site_builder import buildcache

    monkeypatch.setattr(buildcache.BuildCache, "remember", True)
    monkeypatch.setattr(buildcache, "_remembered", {})
    edit(project.content / "topics/topics.yaml", "en: Energy}", "en: Power}")
    rendered(project.rebuild())  # reads the cache from disk, then keeps what it writes
    loads = []
    load = buildcache.pickle.load
    monkeypatch.setattr(buildcache.pickle, "load", lambda handle: loads.append(handle) or load(handle))
    for round_, (path, old, new, _) in enumerate([EDITS["person role"], EDITS["title"], EDITS["glossary"]]):
        edit(project.root / path, old, new)
        rendered(project.rebuild())
        project.assert_same_as_clean(f"clean-{round_}")
    # (Jinja's compiled templates are read with pickle too; our own cache files end in .pickle.)
    assert [handle.name for handle in loads if str(handle.name).endswith(".pickle")] == []


@pytest.mark.parametrize("lang, old, new, shown_on", [
    # The glossary's lead: its page alone, in that language.
    ("en", 'msgstr "Recurring policy terms', 'msgstr "Policy terms that recur', {"en/glossary/index.html"}),
    # A string of base.html is on every page of the language (and no other language's page).
    ("en", 'msgstr "Skip to content"', 'msgstr "Skip to the content"', None),
    # A string the code translates (a figure's qualifier) may be on any page of the language.
    ("zh", 'msgstr "超过%(amount)s"', 'msgstr "逾%(amount)s"', None),
])
def test_a_ui_string_edit_renders_the_pages_that_can_show_it(project, lang, old, new, shown_on):
    edit(project.translations / lang / "LC_MESSAGES/messages.po", old, new)
    result = project.rebuild()
    pages = {path for path in read_tree(project.output) if path.startswith(f"{lang}/") and path.endswith(".html")}
    count, _total = rendered(result)
    if shown_on is not None:
        assert count == len(shown_on) and set(result.written) == shown_on
    else:
        # Every page of that language, with the files rendered in it (feed, and for Chinese the shared ones).
        assert count >= len(pages)
        assert set(result.written) <= pages | {f"{lang}/feed.xml", "index.html", "404.html", "sitemap.xml"}
    project.assert_same_as_clean()
