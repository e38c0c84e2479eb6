"""Random edits of a synthetic briefing: after each, the rebuilt site equals a clean build, byte for byte.

A seeded random sequence of edits (front matter and bodies of either language, every data
kind, added and deleted entries, templates, a template that starts showing a field it did
not show, UI strings) runs on a corpus whose entries share topics, people, events and
figures. After each, the incremental build must write exactly what a clean build writes
(the search index too, in one seed): a read the recorder missed shows up as a difference.
"""

from __future__ import annotations

import json
import random
import shutil

import pytest
import yaml
from conftest import TEMPLATES_DIR, TRANSLATIONS_DIR, age, read_tree

from site_builder.bench.corpus import write_corpus
from site_builder.build.outputscan import scan_output
from site_builder.build.pipeline import BuildMemory, BuildOptions, build_site
from site_builder.build.state import cache_folder
from site_builder.content.load import split_front_matter


def load_front(path):
    front, body, _line = split_front_matter(path.read_text(encoding="utf-8"))
    return yaml.safe_load(front), body


def save_front(path, meta, body):
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def edit_yaml(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


class Editor:
    """Makes one random valid edit at a time to a content folder."""

    def __init__(self, content, templates, translations, rng):
        self.content, self.templates, self.translations, self.rng = content, templates, translations, rng
        self.topics = list(yaml.safe_load((content / "topics/topics.yaml").read_text(encoding="utf-8")))
        self.people = [key for path in sorted((content / "people").glob("*.yaml"))
                       for key in yaml.safe_load(path.read_text(encoding="utf-8"))]
        self.added = 0

    def entry_file(self, kind, lang):
        return self.rng.choice(sorted((self.content / kind).glob(f"*.{lang}.md")))

    def data_item(self, kind):
        path = self.rng.choice(sorted((self.content / kind).glob("*.yaml")))
        key = self.rng.choice(sorted(yaml.safe_load(path.read_text(encoding="utf-8"))))
        return path, key

    def one(self):
        name = self.rng.choice(sorted(EDITS))
        EDITS[name](self)
        return name

    # --- entries ---

    def front(self, kind, lang, change):
        path = self.entry_file(kind, lang)
        meta, body = load_front(path)
        change(meta)
        save_front(path, meta, body)

    def title(self):
        lang = self.rng.choice(["zh", "en"])
        self.front(self.rng.choice(["articles", "viewpoints"]), lang,
                   lambda meta: meta.update(title=meta["title"] + ("（修订）" if lang == "zh" else " (revised)")))

    def summary(self):
        self.front("articles", "en", lambda meta: meta.update(summary="In brief: " + meta["summary"]))

    def date(self):
        date = f"{self.rng.randint(2016, 2026)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        self.front("articles", "zh", lambda meta: meta.update(date=date))

    def entry_topics(self):
        topics = self.rng.sample(self.topics, self.rng.randint(1, 3))
        self.front(self.rng.choice(["articles", "viewpoints"]), "zh", lambda meta: meta.update(topics=topics))

    def entry_people(self):
        people = self.rng.sample(self.people, self.rng.randint(0, 2))
        self.front("articles", "zh", lambda meta: meta.update(people=people))

    def quote_person(self):
        # A quote's speaker lists the entry on their page, as its `people` do.
        quoted = [path for path in sorted((self.content / "articles").glob("*.zh.md"))
                  if any("by" in quote for quote in load_front(path)[0].get("quotes") or ())]
        path = self.rng.choice(quoted)
        meta, body = load_front(path)
        next(quote for quote in meta["quotes"] if "by" in quote)["by"] = self.rng.choice(self.people)
        save_front(path, meta, body)

    def point(self):
        def change(meta):
            points = meta.get("key_points") or meta.get("points")
            points[0] = "据报道，" + points[0]
        self.front(self.rng.choice(["articles", "viewpoints"]), "zh", change)

    def body(self):
        path = self.entry_file(self.rng.choice(["articles", "viewpoints"]), self.rng.choice(["zh", "en"]))
        # The text appended as it is: the front matter stays byte for byte, a quick update's case.
        path.write_text(path.read_text(encoding="utf-8") + "\n补充一段。Another paragraph.\n", encoding="utf-8")

    def body_link(self):
        # A link's address depends on the kind of the entry it names: another entry's file goes into this one.
        path = self.entry_file(self.rng.choice(["articles", "viewpoints"]), self.rng.choice(["zh", "en"]))
        kind = self.rng.choice(["articles", "viewpoints"])
        target = self.rng.choice([p for p in sorted((self.content / kind).glob("*.zh.md")) if "-copy" not in p.name])
        key = target.name.removesuffix(".zh.md")
        path.write_text(path.read_text(encoding="utf-8") + f"\n另见[此条](entry:{key})。\n", encoding="utf-8")

    def draft_copy(self):
        # Only an added copy: nothing else refers to it, so leaving it out is not an error.
        copies = sorted((self.content / "articles").glob("*-copy*.zh.md"))
        if not copies:
            return self.new_entry()
        meta, body = load_front(copies[0])
        meta["draft"] = not meta.get("draft", False)
        save_front(copies[0], meta, body)

    def new_entry(self):
        source = self.entry_file("articles", "zh")
        self.added += 1
        key = source.name.removesuffix(".zh.md") + f"-copy{self.added}"
        for lang in ("zh", "en"):
            shutil.copy(source.with_name(source.name.replace(".zh.", f".{lang}.")),
                        source.with_name(f"{key}.{lang}.md"))

    def drop_translation(self):
        self.entry_file("viewpoints", "en").unlink()

    def delete_entry(self):
        # An added copy is the only entry nothing else (events, figures, viewpoints) points at.
        copies = sorted((self.content / "articles").glob("*-copy*.md"))
        if not copies:
            return self.new_entry()
        key = copies[0].name.split(".", 1)[0]
        for path in (self.content / "articles").glob(f"{key}.*.md"):
            path.unlink()

    # --- the Traditional Chinese edition (the corpus's site.yaml lists zh-Hant) ---

    def phrases(self):
        # A term added (used or not: an unused one is a warning), a form changed, or a term dropped.
        path = self.content / "zh-hant" / "phrases.yaml"
        if not path.exists():  # a corpus without a table: the first edit writes one
            path.parent.mkdir(exist_ok=True)
            path.write_text("内蒙古: 內蒙古\n", encoding="utf-8")
        choice = self.rng.choice(["add", "change", "drop"])
        term, form = self.rng.choice([("广州", "廣州（穗）"), ("合作", "合作（表）"), ("不会出现的词", "不會出現的詞")])
        if choice == "add":
            edit_yaml(path, lambda data: data.update({term: form}))
        elif choice == "change":
            edit_yaml(path, lambda data: data.update({next(iter(data)): "（改）"}))
        else:
            edit_yaml(path, lambda data: data.pop(next(iter(data)), None))

    def hand_made(self):
        # A hand-made Traditional file wins over the converted text: added, or edited once there.
        source = self.entry_file("articles", "zh")
        target = source.with_name(source.name.replace(".zh.", ".zh-Hant."))
        if target.exists():
            edit_text(target, "title: ", "title: 改過的")
            return
        meta, body = load_front(source)
        save_front(target, {"title": "手寫" + meta["title"], "summary": "手寫摘要。",
                            "key_points": ["手寫要點。"] * len(meta["key_points"])}, "手寫正文。\n")

    # --- templates and UI strings ---

    def template_text(self):
        name = self.rng.choice(["topic.html", "person.html", "entries.html", "timeline.html"])
        edit_text(self.templates / name, "{% block main %}", "{% block main %}<!-- revised -->")

    def template_field(self):
        # A list line that starts showing what it never showed: the recorder must learn it reads it now.
        field = self.rng.choice(["summary", "reading_minutes"])
        edit_text(self.templates / "macros.html", "{% macro entry_line(entry) %}",
                  "{% macro entry_line(entry) %}<!-- {{ entry.texts[lang]." + field + " }} -->")

    def ui_string(self):
        path = self.translations / "en/LC_MESSAGES/messages.po"
        edit_text(path, 'msgstr "Key points"', 'msgstr "Key points in brief"')

    # --- data ---

    def topic_name(self):
        key = self.rng.choice(self.topics)
        edit_yaml(self.content / "topics/topics.yaml",
                  lambda data: data[key]["name"].update(en=data[key]["name"]["en"] + " and more"))

    def person(self):
        path, key = self.data_item("people")
        field = self.rng.choice(["name", "role"])
        edit_yaml(path, lambda data: data[key][field].update(zh=data[key][field]["zh"] + "（新）"))

    def event(self):
        path, key = self.data_item("events")
        choice = self.rng.choice(["text", "date", "topics"])
        if choice == "text":
            edit_yaml(path, lambda data: data[key]["text"].update(en="Reportedly, " + data[key]["text"]["en"]))
        elif choice == "date":
            date = f"{self.rng.randint(2016, 2026)}-{self.rng.randint(1, 12):02d}"
            edit_yaml(path, lambda data: data[key].update(date=date))
        else:
            topics = self.rng.sample(self.topics, 1)
            edit_yaml(path, lambda data: data[key].update(topics=topics))

    def figure(self):
        path, key = self.data_item("figures")
        if self.rng.random() < 0.5:
            edit_yaml(path, lambda data: data[key]["label"].update(zh=data[key]["label"]["zh"] + "（修订）"))
        else:
            edit_yaml(path, lambda data: data[key].update(value=str(self.rng.randint(1, 99999))))

    def outlet(self):
        path, key = self.data_item("sources")
        edit_yaml(path, lambda data: data[key]["name"].update(en=data[key]["name"]["en"] + " Online"))

    def page_size(self):
        # Lists gain or lose pages (numbered, or by year): a page no list has any more must leave the output.
        size = self.rng.choice([3, 5, 8, 100])
        edit_text(self.content / "site.yaml", "list_page_size: ", f"list_page_size: {size}\n# was: ")

    def glossary(self):
        path, key = self.data_item("glossary")
        edit_yaml(path, lambda data: data[key]["explanation"].update(en="In short: " + data[key]["explanation"]["en"]))


def edit_text(path, old, new):
    """Replace `old` by `new` if it is there still (an edit made twice is made once)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {name: getattr(Editor, name) for name in (
    "title", "summary", "date", "body", "body_link", "draft_copy", "entry_topics", "entry_people", "quote_person",
    "point", "new_entry", "drop_translation", "delete_entry", "topic_name", "person", "event", "figure", "outlet",
    "glossary", "template_text", "template_field", "ui_string", "phrases", "hand_made", "page_size")}


# One seed rebuilds in forked render processes (a site this small renders in one when left to choose), so that
# what the workers send back (staged files, reads, digests, word breaks) is held to a clean build too. One rebuilds
# as the live preview does: drafts shown, and the last build's state, parsed files, checks and records kept in
# memory (BuildMemory) instead of read back from the cache folder.
@pytest.mark.parametrize(("seed", "search", "workers", "preview"),
                         [(1, False, 0, False), (2, False, 0, False), (3, False, 0, True), (4, True, 2, False)])
def test_random_edits_rebuild_to_what_a_clean_build_writes(tmp_path, monkeypatch, seed, search, workers, preview):
    # With search, each language's 130-odd pages are split into two bundles (build/search.py), as a large site's.
    monkeypatch.setattr("site_builder.build.search.SHARD_PAGES", 100)
    content, templates, translations = tmp_path / "content", tmp_path / "templates", tmp_path / "translations"
    write_corpus(30, content, seed=seed, languages=("zh", "zh-Hant", "en"))
    # Lists of a few entries a page, so that adding, deleting and redating entries moves them between pages.
    with (content / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\nlist_page_size: 6\n")
    shutil.copytree(TEMPLATES_DIR, templates)
    shutil.copytree(TRANSLATIONS_DIR, translations)
    (content / "zh-hant").mkdir()
    (content / "zh-hant" / "phrases.yaml").write_text("内蒙古: 內蒙古\n大湾区: 大灣區\n深圳: 深圳市\n",
                                                      encoding="utf-8")
    age(tmp_path)
    output = tmp_path / "output"

    memory = BuildMemory() if preview else None

    def build_into(folder, **options):
        return build_site(BuildOptions(content, folder, templates, translations, search=search, drafts=preview,
                                       **options), memory if options.get("cache", True) else None)

    build_into(output, workers=workers)
    editor = Editor(content, templates, translations, random.Random(seed))
    done = []
    for round_ in range(6 if not search else 3):
        done.append(editor.one())
        result = build_into(output, workers=workers)
        clean = tmp_path / f"clean-{round_}"
        fresh = build_into(clean, cache=False)
        assert read_tree(output) == read_tree(clean), f"after {done} ({result.rendered} files rendered)"
        # What the editor is told too: checks kept from an earlier build find what checking afresh finds.
        assert result.warnings == fresh.warnings, f"after {done}"
        # The state tells the output folder as it is, though it is worked out from what the build did (a
        # preview's save goes on in a process of its own: waited for).
        if memory is not None:
            memory.last_state()
        saved = json.loads((cache_folder(output) / "state.json").read_text(encoding="utf-8"))
        files, folders = (dict(sorted(found.items())) for found in scan_output(output, {}, {}))  # walked whole
        for name, found in (("outputs", files), ("folders", folders)):
            assert saved[name] == {"paths": list(found), "numbers": [n for item in found.values() for n in item]}, \
                f"after {done}"
        shutil.rmtree(clean)
