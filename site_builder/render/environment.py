"""One Jinja environment per language: its catalog, formatter, helpers, and the recorder watching it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape
from markupsafe import Markup

from site_builder.content.languages import CHINESE, DERIVED, OG_LOCALES, html_lang
from site_builder.model.indexes import SiteIndex
from site_builder.model.paging import page_route
from site_builder.model.site import Site
from site_builder.model.urls import UrlScheme
from site_builder.render.charts import render_bar_chart
from site_builder.render.collation import group_by_letter, plain_pinyin
from site_builder.render.compiled import SignedTemplateCache
from site_builder.render.downloads import Download, download_list
from site_builder.render.fragments import MacroLibrary
from site_builder.render.i18n import Formatter, load_catalog
from site_builder.render.langmark import mark_lang, mark_lang_html
from site_builder.render.parallel import body_rows
from site_builder.render.reads import Recorder
from site_builder.render.recording import (
    RecordingEnvironment,
    RecordingTranslations,
    install_translations,
    record_filters,
)
from site_builder.render.spelling import spellings_json
from site_builder.render.wordbreak import WordBreaks

ASSETS_DIR = "assets"


def make_environment(site: Site, index: SiteIndex, urls: UrlScheme, lang: str, templates_dir: Path,
                     translations_dir: Path, recorder: Recorder | None = None,
                     compiled_dir: Path | None = None, breaks: WordBreaks | None = None,
                     downloads: Mapping[str, Download] | None = None) -> RecordingEnvironment:
    """One Jinja environment per language, with its catalog and formatter installed.

    `downloads`: the briefing's PDFs by language, once the pdf step has made them (None before).
    """
    env = RecordingEnvironment(
        loader=FileSystemLoader(str(templates_dir)),
        # Jinja checks each template's source against its compiled copy: an edited one is compiled again.
        bytecode_cache=SignedTemplateCache(compiled_dir),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An environment serves one build, whose templates were snapshotted before it began: checking each
        # template's file again at every page (a stat per template per page) finds nothing new.
        auto_reload=False,
    )
    catalog = RecordingTranslations(load_catalog(translations_dir, lang), lang, env)
    install_translations(env, catalog)
    fmt = Formatter(lang, catalog)
    other_langs = tuple(code for code in site.config.languages if code != lang)
    env.globals.update(
        site=site, index=index, urls=urls, lang=lang, other_langs=other_langs, fmt=fmt,
        html_lang=html_lang, og_locale=OG_LOCALES[lang],
        href=lambda *parts, to=lang: urls.href(to, *parts),
        asset=lambda name: urls.href(None, ASSETS_DIR, name),
        t=lambda text, to=lang: text[to], spellings=spellings_json(), page_route=page_route,
        # Chinese pages, Simplified or Traditional: the same punctuation, pinyin order, no translation notes.
        chinese=lang in CHINESE,
    )
    # The side-by-side page of a derived edition shows its own text where the language it comes from would be.
    env.filters["edition"] = lambda columns: tuple(lang if DERIVED.get(lang) == code else code for code in columns)
    env.globals["bar_chart"] = lambda chart: render_bar_chart(chart, fmt)
    env.globals["pdf_downloads"] = download_list(lambda: env.recorder, downloads, lang)
    # Editorial text quotes the other language as plain text: templates mark those fragments with these.
    env.globals["mark_lang"] = lambda text, text_lang=lang: mark_lang(text, text_lang)
    env.globals["mark_lang_html"] = lambda html, text_lang=lang: mark_lang_html(html, text_lang)
    env.filters["json_ld"] = _json_ld
    env.filters["lookup"] = lambda key, mapping: mapping[key]
    # Chinese headlines break only between words: {{ text.title | word_breaks(text.lang) }}.
    marker = (breaks if breaks is not None else WordBreaks()).mark
    env.filters["word_breaks"] = lambda text, text_lang=lang: marker(text, text_lang)
    env.filters["by_letter"] = lambda terms: group_by_letter(terms, lang)
    env.filters["plain_pinyin"] = plain_pinyin
    env.filters["plain_number"] = lambda value: format(value.normalize(), "f")
    # The side-by-side page's body: [html of each column] | body_rows gives rows of one piece per column.
    env.filters["body_rows"] = body_rows
    record_filters(env)
    # Last: loading the macros compiles them, which needs every filter in place.
    env.globals["m"] = MacroLibrary(env)
    env.recorder = recorder
    return env


def compile_templates(env: Environment) -> None:
    """Compile every template (or find it compiled), so that the processes forked after share the code."""
    for name in env.list_templates(extensions=("html", "xml")):
        if not name.startswith(f"{ASSETS_DIR}/"):
            try:
                env.get_template(name)
            except TemplateError:
                pass  # told with the file that renders it, which names the template and the line


def _json_ld(data: dict[str, Any]) -> Markup:
    # "<" inside a script element could end it or open a comment: write it as \u003c, still valid JSON.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None).replace("<", "\\u003c")
    return Markup(text)
