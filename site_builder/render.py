"""Render the site model through Jinja templates into (path, bytes) pairs; no disk writes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from site_builder.charts import render_bar_chart
from site_builder.fragments import MacroLibrary
from site_builder.i18n import OG_LOCALES, Formatter, html_lang, load_catalog
from site_builder.indexes import SiteIndex, build_index
from site_builder.langmark import mark_lang, mark_lang_html
from site_builder.model import Site
from site_builder.pages import PageSpec, list_pages
from site_builder.urls import UrlScheme

ASSETS_DIR = "assets"


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What the layout needs to know about the page being rendered."""

    kind: str
    # page kind
    lang: str
    # the page's language
    route: tuple[str, ...]
    # segments after the language
    url: str
    # root-relative link to this page
    canonical: str
    # absolute URL
    alternates: dict[str, str]
    # language -> absolute URL of the same page (plus "x-default")
    switch: dict[str, str]
    # language -> root-relative link for the language switcher
    missing: tuple[str, ...]
    # languages this page's text is not translated into


def render_site(site: Site, templates_dir: Path, translations_dir: Path) -> list[tuple[str, bytes]]:
    """Render every page of every language, the landing page, feeds, sitemap and assets."""
    return list(iter_outputs(site, templates_dir, translations_dir))


def iter_outputs(site: Site, templates_dir: Path, translations_dir: Path,
                 languages: tuple[str, ...] | None = None,
                 routes: set[tuple[str, ...]] | None = None,
                 compiled_dir: Path | None = None) -> Iterator[tuple[str, bytes]]:
    """Yield (path, bytes) for the pages of the given languages (default: all), one at a time.

    The files shared by all languages (landing page, sitemap, robots.txt, assets, the
    root 404) come with the default language, so that rendering the languages in
    separate processes yields each file exactly once. Given `routes`, only those
    pages are rendered (a quick update of edited entries), none of the other files.
    Jinja keeps the compiled templates in `compiled_dir`, when given, for the next build.
    """
    index = build_index(site)
    urls = UrlScheme(site.config.base_url)
    specs = list_pages(site, index)
    default = site.config.default_language
    for lang in languages if languages is not None else site.config.languages:
        env = make_environment(site, index, urls, lang, templates_dir, translations_dir, compiled_dir)
        for spec in specs:
            if routes is not None and spec.route not in routes:
                continue
            html = env.get_template(spec.template).render(page=_page_info(site, urls, spec, lang), **spec.context)
            data = html.encode("utf-8")
            yield urls.output_file(lang, *spec.route), data
            if lang == default and spec.kind == "not-found":
                # Static hosts serve /404.html for any missing path: give them the default language's page.
                yield "404.html", data
        if routes is not None:
            continue
        feed = env.get_template("feed.xml").render(entries=tuple(site.entries.values())[:50])
        yield urls.output_file(lang, "feed.xml"), feed.encode("utf-8")
        if lang == default:
            yield from _shared_outputs(site, urls, specs, env, templates_dir)


def _shared_outputs(site: Site, urls: UrlScheme, specs: list[PageSpec], env: Environment,
                    templates_dir: Path) -> Iterator[tuple[str, bytes]]:
    landing = _landing_info(site, urls)
    yield "index.html", env.get_template("landing.html").render(page=landing).encode("utf-8")
    sitemap = [{"alternates": landing.alternates, "single": True}]
    sitemap += [{"alternates": _page_info(site, urls, spec, site.config.default_language).alternates}
                for spec in specs if spec.in_sitemap]
    yield "sitemap.xml", env.get_template("sitemap.xml").render(pages=sitemap).encode("utf-8")
    yield "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(None, 'sitemap.xml')}\n".encode()
    yield from _assets(templates_dir / ASSETS_DIR)


def make_environment(site: Site, index: SiteIndex, urls: UrlScheme, lang: str, templates_dir: Path,
                     translations_dir: Path, compiled_dir: Path | None = None) -> Environment:
    """One Jinja environment per language, with its catalog and formatter installed."""
    if compiled_dir is not None:
        compiled_dir.mkdir(parents=True, exist_ok=True)
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        # Compiling the templates takes a quick update longer than rendering its pages; Jinja checks
        # each template's source against its compiled copy, so an edited template is compiled again.
        bytecode_cache=FileSystemBytecodeCache(str(compiled_dir)) if compiled_dir is not None else None,
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    catalog = load_catalog(translations_dir, lang)
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    fmt = Formatter(lang, catalog)
    other_langs = tuple(code for code in site.config.languages if code != lang)
    env.globals.update(
        site=site, index=index, urls=urls, lang=lang, other_langs=other_langs, fmt=fmt,
        html_lang=html_lang, og_locale=OG_LOCALES[lang],
        href=lambda *parts, to=lang: urls.href(to, *parts),
        asset=lambda name: urls.href(None, ASSETS_DIR, name),
        t=lambda text, to=lang: text[to],
    )
    env.globals["bar_chart"] = lambda chart: render_bar_chart(chart, fmt)
    # Editorial text quotes the other language as plain text: templates mark those fragments with these.
    env.globals["mark_lang"] = lambda text, text_lang=lang: mark_lang(text, text_lang)
    env.globals["mark_lang_html"] = lambda html, text_lang=lang: mark_lang_html(html, text_lang)
    env.filters["json_ld"] = _json_ld
    env.filters["lookup"] = lambda key, mapping: mapping[key]
    env.filters["plain_number"] = lambda value: format(value.normalize(), "f")
    # Last: loading the macros compiles them, which needs every filter in place.
    env.globals["m"] = MacroLibrary(env)
    return env


def _page_info(site: Site, urls: UrlScheme, spec: PageSpec, lang: str) -> PageInfo:
    languages = site.config.languages
    alternates = {code: urls.absolute(code, *spec.route) for code in languages}
    alternates["x-default"] = urls.absolute(None) if not spec.route else alternates[site.config.default_language]
    missing = tuple(code for code in languages if spec.translated and code not in spec.translated)
    return PageInfo(
        kind=spec.kind, lang=lang, route=spec.route, url=urls.href(lang, *spec.route),
        canonical=alternates[lang], alternates=alternates,
        switch={code: urls.href(code, *spec.route) for code in languages}, missing=missing,
    )


def _landing_info(site: Site, urls: UrlScheme) -> PageInfo:
    languages = site.config.languages
    alternates = {code: urls.absolute(code) for code in languages}
    alternates["x-default"] = urls.absolute(None)
    return PageInfo("landing", site.config.default_language, (), urls.href(None), urls.absolute(None), alternates,
                     {code: urls.href(code) for code in languages}, ())


def _json_ld(data: dict) -> Markup:
    # "<" inside a script element could end it or open a comment: write it as \u003c, still valid JSON.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None).replace("<", "\\u003c")
    return Markup(text)


def _assets(folder: Path) -> list[tuple[str, bytes]]:
    if not folder.is_dir():
        return []
    return asset_outputs(folder, sorted(path for path in folder.rglob("*") if path.is_file()))


def asset_outputs(folder: Path, paths: list[Path]) -> list[tuple[str, bytes]]:
    """(site path, bytes) of asset files under folder: copied as they are, to assets/ in the site."""
    return [(f"{ASSETS_DIR}/{path.relative_to(folder).as_posix()}", path.read_bytes()) for path in paths]
