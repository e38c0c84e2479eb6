"""Property tests: whatever an editor writes, the build answers with messages, never a traceback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from conftest import MINIMAL_DIR, build_options
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.build.pipeline import check_site
from site_builder.content.load import load_content
from site_builder.errors import ContentError
from site_builder.model.assemble import assemble_site
from site_builder.render.outputs import render_site

FIELDS = ["title", "summary", "date", "topics", "people", "source", "key_points", "quotes", "notes", "draft",
          "points", "person", "article", "outlet", "headline", "original", "by", "text", "translated_from", "titel"]
KEYS = ["investment", "sun-shaocheng", "tour-2023", "xie-baojian", "zhengzhi", "nope", "../x", ""]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
    st.text(max_size=40), st.sampled_from(KEYS + ["2023-10-20", "2023/10/20", "2023年10月20日", "2023-02-30",
                                                   "3106亿", "<script>alert(1)</script>", "[x](entry:nope)"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), inner, max_size=4),
), max_leaves=12)
front_matter = st.dictionaries(st.sampled_from(FIELDS), values, max_size=10)


def _check(content: Path) -> None:
    """Run the checking and, when it passes, the model and rendering stages too."""
    with tempfile.TemporaryDirectory() as out:
        options = build_options(content, Path(out) / "output", search=False)
        try:
            site, _ = check_site(options)
        except ContentError as exc:
            assert exc.problems, "a ContentError always carries its problems"
            return
        render_site(site, options.templates_dir, options.translations_dir)
        assemble_site(load_content(content))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zh=front_matter, en=front_matter, body=st.text(max_size=200), kind=st.sampled_from(["articles", "viewpoints"]))
def test_random_front_matter_never_raises(tmp_path_factory, zh, en, body, kind):
    content = tmp_path_factory.mktemp("prop") / "content"
    shutil.copytree(MINIMAL_DIR, content)
    for lang, meta in (("zh", zh), ("en", en)):
        dumped = yaml.safe_dump(meta, allow_unicode=True)
        (content / kind / f"random-entry.{lang}.md").write_text(f"---\n{dumped}---\n{body}\n", encoding="utf-8")
    _check(content)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8"))),
       where=st.sampled_from(["articles/random-entry.zh.md", "topics/random.yaml", "figures/random.yaml",
                              "site.yaml", "events/events.yaml"]))
def test_random_file_contents_never_raise(tmp_path_factory, raw, where):
    content = tmp_path_factory.mktemp("raw") / "content"
    shutil.copytree(MINIMAL_DIR, content)
    (content / where).write_bytes(raw)
    _check(content)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(item=st.dictionaries(st.sampled_from(["value", "unit", "qualifier", "period", "as_of", "entries", "topics",
                                             "label", "note", "zh", "en"]), values, max_size=8))
def test_random_figures_never_raise(tmp_path_factory, item):
    content = tmp_path_factory.mktemp("fig") / "content"
    shutil.copytree(MINIMAL_DIR, content)
    (content / "figures" / "random.yaml").write_text(yaml.safe_dump({"random-figure": item}, allow_unicode=True),
                                                     encoding="utf-8")
    _check(content)
