"""The bench corpus rewritten for Hugo and for Pelican: the same entries in both languages, the same texts.

Each entry file of our corpus (articles/KEY.zh.md, KEY.en.md; viewpoints alike) becomes one Markdown
file with the other generator's front matter: title, date (a partial date padded to a day), summary,
topics as tags and, for Hugo, people as a second taxonomy. Both list pages are paginated at the same
100 items as ours, and both build every language, their taxonomy pages and their feeds.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import yaml

_FRONT = re.compile(r"\A---\n(.*?)\n---\n?(.*)\Z", re.DOTALL)
_ENTRY_LINK = re.compile(r"\]\(entry:([a-z0-9-]+)(#[\w-]+)?\)")
KINDS = ("articles", "viewpoints")
PAGE_SIZE = 100


def read_entries(corpus: Path) -> Iterator[tuple[str, str, str, dict[str, object], str]]:
    """(kind, key, lang, front matter, body) of every entry file, the facts of the Chinese file in each."""
    for kind in KINDS:
        for path in sorted((corpus / kind).glob("*.zh.md")):
            key = path.name.removesuffix(".zh.md")
            facts, zh_body = _split(path)
            yield kind, key, "zh", facts, zh_body
            english = path.with_name(f"{key}.en.md")
            if english.is_file():
                texts, en_body = _split(english)
                yield kind, key, "en", {**facts, **texts}, en_body


def write_hugo_site(corpus: Path, folder: Path) -> Path:
    """A Hugo site of the corpus in `folder`: hugo.toml, minimal layouts, content/KIND/KEY.LANG.md."""
    shutil.rmtree(folder, ignore_errors=True)
    for kind, key, lang, meta, body in read_entries(corpus):
        front = {"title": meta["title"], "date": _full_date(meta["date"]), "summary": meta.get("summary", ""),
                 "topics": meta.get("topics", []), "people": meta.get("people", []), "translationKey": key}
        _write(folder / "content" / kind / f"{key}.{lang}.md",
               "---\n" + json.dumps(front, ensure_ascii=False, indent=1) + "\n---\n" + _plain_links(body, lang))
    for kind in KINDS:
        for lang in ("zh", "en"):
            _write(folder / "content" / kind / f"_index.{lang}.md", f"---\ntitle: {kind}\n---\n")
    _write(folder / "hugo.toml", _HUGO_CONFIG)
    for name, text in _HUGO_LAYOUTS.items():
        _write(folder / "layouts" / name, text)
    return folder


def write_pelican_site(corpus: Path, folder: Path) -> Path:
    """A Pelican project of the corpus in `folder`: pelicanconf.py and content/KIND/KEY.LANG.md."""
    shutil.rmtree(folder, ignore_errors=True)
    for kind, key, lang, meta, body in read_entries(corpus):
        topics = ", ".join(str(topic) for topic in _listed(meta.get("topics")))
        lines = [f"Title: {_one_line(meta['title'])}", f"Date: {_full_date(meta['date'])}", f"Slug: {key}",
                 f"Lang: {lang}", f"Category: {kind}", f"Tags: {topics}",
                 f"Summary: {_one_line(meta.get('summary', ''))}"]
        _write(folder / "content" / kind / f"{key}.{lang}.md", "\n".join(lines) + "\n\n" + _plain_links(body, lang))
    _write(folder / "pelicanconf.py", _PELICAN_CONFIG)
    return folder


def _split(path: Path) -> tuple[dict[str, object], str]:
    match = _FRONT.match(path.read_text(encoding="utf-8"))
    if match is None:
        return {}, path.read_text(encoding="utf-8")
    return yaml.safe_load(match.group(1)) or {}, match.group(2)


def _listed(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _full_date(value: object) -> str:
    parts = (str(value).split("-") + ["01", "01"])[:3]
    return "-".join(parts)


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _plain_links(body: str, lang: str) -> str:
    # An entry link becomes an ordinary link to the entry's address in the language.
    return _ENTRY_LINK.sub(lambda m: f"](/{lang}/articles/{m.group(1)}/)", body)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


_HUGO_CONFIG = f"""baseURL = "https://bench.example.org/"
title = "Bench"
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = true
disableKinds = []
[pagination]
pagerSize = {PAGE_SIZE}
[taxonomies]
topic = "topics"
person = "people"
[languages.zh]
languageCode = "zh-Hans"
weight = 1
[languages.en]
languageCode = "en"
weight = 2
"""

_HUGO_BASE = """<!doctype html>
<html lang="{{ .Language.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.LanguageCode }}" href="{{ .Permalink }}">
{{ end }}</head>
<body><nav><a href="{{ "articles/" | relLangURL }}">Articles</a>
<a href="{{ "viewpoints/" | relLangURL }}">Viewpoints</a>
<a href="{{ "topics/" | relLangURL }}">Topics</a>
<a href="{{ "people/" | relLangURL }}">People</a></nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""

_HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
{{ range $pager.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time>{{ .Date.Format "2006-01-02" }}</time><p>{{ .Params.summary }}</p>
<ul>{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article>
{{ end }}
<nav>{{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">Previous</a>{{ end }}
{{ with $pager.Next }}<a rel="next" href="{{ .URL }}">Next</a>{{ end }}</nav>{{ end }}
"""

_HUGO_LAYOUTS = {
    "baseof.html": _HUGO_BASE,
    "list.html": _HUGO_LIST,
    "home.html": _HUGO_LIST.replace(".Paginate .Pages", ".Paginate .Site.RegularPages"),
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}</time>
<p>{{ .Params.summary }}</p>{{ .Content }}
<ul>{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<ul>{{ range .GetTerms "people" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>{{ end }}
""",
}

_PELICAN_CONFIG = f"""AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "zh"
DEFAULT_PAGINATION = {PAGE_SIZE}
ARTICLE_PATHS = ["articles", "viewpoints"]
FEED_ALL_ATOM = "feeds/all.atom.xml"
TRANSLATION_FEED_ATOM = "feeds/all-{{lang}}.atom.xml"
"""
