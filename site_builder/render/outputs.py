"""Render the site model through Jinja templates into (path, bytes) pairs; no disk writes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from site_builder.content.languages import OG_LOCALES, html_lang
from site_builder.model.indexes import SiteIndex, build_index
from site_builder.model.site import Site
from site_builder.model.urls import UrlScheme
from site_builder.render.charts import render_bar_chart
from site_builder.render.fragments import MacroLibrary
from site_builder.render.i18n import Formatter, load_catalog
from site_builder.render.langmark import mark_lang, mark_lang_html
from site_builder.render.pages import PageSpec, list_pages

ASSETS_DIR = "assets"
# Entries in each language's Atom feed, newest first.
FEED_LENGTH = 50


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


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the site, before it is rendered."""

    path: str
    # site-relative file
    lang: str
    # the language whose environment renders it (files shared by all languages: the default)
    kind: str
    # "page", "feed", "landing", "sitemap", "robots" or "asset"
    spec: PageSpec | None = None
    # the page, for kind "page"
    source: Path | None = None
    # the file to copy, for kind "asset"


def render_site(site: Site, templates_dir: Path, translations_dir: Path) -> list[tuple[str, bytes]]:
    """Render every page of every language, the landing page, feeds, sitemap and assets."""
    return list(iter_outputs(site, templates_dir, translations_dir))


def plan_outputs(site: Site, specs: list[PageSpec], templates_dir: Path,
                 languages: tuple[str, ...] | None = None) -> list[Output]:
    """Every file a build of these languages (default: all) writes, in the order it renders them.

    The files shared by all languages (landing page, sitemap, robots.txt, assets, the
    root 404) come with the default language, so that rendering the languages in
    separate processes yields each file exactly once.
    """
    urls = UrlScheme(site.config.base_url)
    default = site.config.default_language
    plan = []
    for lang in languages if languages is not None else site.config.languages:
        for spec in specs:
            plan.append(Output(urls.output_file(lang, *spec.route), lang, "page", spec))
            if lang == default and spec.kind == "not-found":
                # Static hosts serve /404.html for any missing path: give them the default language's page.
                plan.append(Output("404.html", lang, "page", spec))
        plan.append(Output(urls.output_file(lang, "feed.xml"), lang, "feed"))
        if lang == default:
            plan += [Output("index.html", lang, "landing"), Output("sitemap.xml", lang, "sitemap"),
                     Output("robots.txt", lang, "robots")]
            plan += [Output(f"{ASSETS_DIR}/{path.relative_to(folder).as_posix()}", lang, "asset", source=path)
                     for folder in [templates_dir / ASSETS_DIR] for path in _asset_files(folder)]
    return plan


def iter_outputs(site: Site, templates_dir: Path, translations_dir: Path,
                 languages: tuple[str, ...] | None = None,
                 only: set[str] | None = None,
                 compiled_dir: Path | None = None) -> Iterator[tuple[str, bytes]]:
    """Yield (path, bytes) for the files of the given languages (default: all), one at a time.

    Given `only`, just those files are rendered (a rebuild of what an edit changed).
    Jinja keeps the compiled templates in `compiled_dir`, when given, for the next build.
    """
    index = build_index(site)
    urls = UrlScheme(site.config.base_url)
    specs = list_pages(site, index)
    envs: dict[str, Environment] = {}
    for output in plan_outputs(site, specs, templates_dir, languages):
        if only is not None and output.path not in only:
            continue
        if output.kind == "asset":
            yield output.path, output.source.read_bytes()  # type: ignore[union-attr]
            continue
        env = envs.get(output.lang)
        if env is None:
            env = envs[output.lang] = make_environment(site, index, urls, output.lang, templates_dir,
                                                       translations_dir, compiled_dir)
        yield output.path, _render(output, site, urls, specs, env).encode("utf-8")


def _render(output: Output, site: Site, urls: UrlScheme, specs: list[PageSpec], env: Environment) -> str:
    if output.kind == "page":
        spec = output.spec
        return env.get_template(spec.template).render(page=_page_info(site, urls, spec, output.lang), **spec.context)
    if output.kind == "feed":
        return env.get_template("feed.xml").render(entries=tuple(site.entries.values())[:FEED_LENGTH])
    if output.kind == "landing":
        return env.get_template("landing.html").render(page=_landing_info(site, urls))
    if output.kind == "sitemap":
        landing = _landing_info(site, urls)
        sitemap = [{"alternates": landing.alternates, "single": True}]
        sitemap += [{"alternates": _page_info(site, urls, spec, site.config.default_language).alternates}
                    for spec in specs if spec.in_sitemap]
        return env.get_template("sitemap.xml").render(pages=sitemap)
    assert output.kind == "robots"
    return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(None, 'sitemap.xml')}\n"


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


def _asset_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.is_dir() else []


def asset_outputs(folder: Path, paths: list[Path]) -> list[tuple[str, bytes]]:
    """(site path, bytes) of asset files under folder: copied as they are, to assets/ in the site."""
    return [(f"{ASSETS_DIR}/{path.relative_to(folder).as_posix()}", path.read_bytes()) for path in paths]
