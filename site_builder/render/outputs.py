"""Render the site model through Jinja templates into (path, bytes, what it read); no disk writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError

from site_builder.model.indexes import SiteIndex, build_index
from site_builder.model.paging import Pager
from site_builder.model.site import Site
from site_builder.model.urls import UrlScheme
from site_builder.render.downloads import Download
from site_builder.render.environment import ASSETS_DIR, make_environment
from site_builder.render.failures import template_failure
from site_builder.render.pages import PageSpec, list_pages
from site_builder.render.reads import Key, ModelPaths, Recorder, digest
from site_builder.render.sitemaps import (
    SITEMAP,
    landing_alternates,
    page_alternates,
    sitemap_file,
    sitemap_parts,
    sitemap_urls,
)
from site_builder.render.wordbreak import WordBreaks

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
    # "page", "feed", "landing", "sitemap", "sitemap-index", "robots" or "asset"
    spec: PageSpec | None = None
    # the page, for kind "page"
    source: Path | None = None
    # the file to copy, for kind "asset"
    listed: tuple[object, ...] = ()
    # what a sitemap lists: the routes of its pages (None: the landing page); the index: its sitemaps' files


@dataclass(frozen=True, slots=True)
class Rendered:
    """One file of the site, rendered, with what it read."""

    path: str
    # site-relative file
    data: bytes
    # its bytes
    numbers: frozenset[int]
    # every key it read (reads.py), by the recorder's number for it: Recorder.key_of gives each key, and the
    # recorder's digests what each gave


def render_site(site: Site, templates_dir: Path, translations_dir: Path) -> list[tuple[str, bytes]]:
    """Render every file of the site: pages of every language, landing page, feeds, sitemap, assets."""
    index = build_index(site)
    plan = plan_outputs(site, list_pages(site, index), templates_dir)
    return [(item.path, item.data) for item in render_outputs(site, index, plan, templates_dir, translations_dir, None)]


def plan_outputs(site: Site, specs: list[PageSpec], templates_dir: Path) -> list[Output]:
    """Every file of the site, in the order a build renders them.

    The files shared by all languages (landing page, sitemap index, robots.txt, assets,
    the root 404) come with the default language.
    """
    urls = UrlScheme(site.config.base_url)
    default = site.config.default_language
    plan = []
    files: list[str] = []
    # Each page's file under its language's folder, the route's part made once for every language (41,000
    # files at 10,000 entries).
    routes = [urls.output_file(None, *spec.route) if spec.route else "index.html" for spec in specs]
    for lang in site.config.languages:
        folder = urls.output_file(lang).removesuffix("index.html")
        for spec, route in zip(specs, routes, strict=True):
            plan.append(Output(folder + route, lang, "page", spec))
            if lang == default and spec.kind == "not-found":
                # Static hosts serve /404.html for any missing path: give them the default language's page.
                plan.append(Output("404.html", lang, "page", spec))
        plan.append(Output(urls.output_file(lang, "feed.xml"), lang, "feed"))
        sitemaps = [Output(sitemap_file(lang, part), lang, "sitemap", listed=tuple(routes))
                    for part, routes in enumerate(sitemap_parts(site, specs, lang))]
        plan += sitemaps
        files += [item.path for item in sitemaps]
        if lang == default:
            plan += [Output("index.html", lang, "landing"), Output(SITEMAP, lang, "sitemap-index")]
            plan.append(Output("robots.txt", lang, "robots"))
            plan += [Output(f"{ASSETS_DIR}/{path.relative_to(folder).as_posix()}", lang, "asset", source=path)
                     for folder in [templates_dir / ASSETS_DIR] for path in _asset_files(folder)]
    # The index names every language's sitemaps: known only once all languages are planned.
    return [replace(item, listed=tuple(files)) if item.kind == "sitemap-index" else item for item in plan]


def render_outputs(site: Site, index: SiteIndex, outputs: list[Output], templates_dir: Path,
                   translations_dir: Path, recorder: Recorder | None,
                   compiled_dir: Path | None = None, breaks: WordBreaks | None = None,
                   downloads: Mapping[str, Download] | None = None) -> Iterator[Rendered]:
    """Render these files one at a time, recording what each reads when given a recorder.

    `downloads`: the briefing's PDFs, for the pages that list them (None while not yet made).
    """
    urls = UrlScheme(site.config.base_url)
    envs: dict[str, Environment] = {}

    def render(output: Output) -> bytes:
        if output.kind == "asset":
            return output.source.read_bytes()  # type: ignore[union-attr]
        env = envs.get(output.lang)
        if env is None:
            env = envs[output.lang] = make_environment(site, index, urls, output.lang, templates_dir,
                                                       translations_dir, recorder, compiled_dir, breaks,
                                                       downloads)
        return _render(output, site, index, urls, env).encode("utf-8")

    for output in outputs:
        if recorder is None:
            yield Rendered(output.path, _render_or_explain(render, output, templates_dir), frozenset())
            continue
        with recorder.frame() as numbers:
            for key, value_digest in output_reads(output, site, index, urls, recorder.paths).items():
                recorder.note(key, value_digest)
            data = _render_or_explain(render, output, templates_dir)
        yield Rendered(output.path, data, frozenset(numbers))


def _render_or_explain(render: Callable[[Output], bytes], output: Output, templates_dir: Path) -> bytes:
    try:
        return render(output)
    except TemplateSyntaxError:
        raise  # already carries its template and line
    except Exception as exc:
        failure = template_failure(exc, output.path, templates_dir)
        if failure is None:
            raise
        raise failure from None


def output_reads(output: Output, site: Site, index: SiteIndex, urls: UrlScheme, paths: ModelPaths,
                 pages: dict[int, str] | None = None) -> dict[Key, str]:
    """What a file reads before its template does — what it is, what its template is handed, its settings, the
    file it copies — as one key: the plan makes it for every file of the site, so one digest each.

    The page information and the sitemap's list are made by code from the page's route and
    languages and the settings: those are what they stand for here (hashing the made values
    took a third of a rebuild's plan at 2,000 entries). `pages` keeps the digest of each page's
    part, the same in every language, by the page (a plan's PageSpec serves all its languages), and of each
    list's links.
    """
    spec = output.spec
    if spec is not None and output.kind == "page":
        part = pages.get(id(spec)) if pages is not None else None
        if part is None:
            part = digest((spec.template, site.config.languages, urls.base_url, _made_from(output, site, index),
                           tuple((name, _token(value, paths, pages)) for name, value in spec.context.items())))
            if pages is not None:
                pages[id(spec)] = part
        # The language and the part, as they are: the reads table hashes a file's own reads (plan.own_digest).
        return {("#output", output.path): f"{output.lang} {part}"}
    what = (output.lang, output.kind, site.config.languages, urls.base_url, _made_from(output, site, index),
            tuple((name, paths.token(value)) for name, value in _handed(output, site, index, urls).items()),
            output.source.read_bytes() if output.source is not None else None)
    return {("#output", output.path): digest(what)}


def _token(value: object, paths: ModelPaths, held: dict[int, str] | None) -> object:
    """A value a page is handed, as its own read: a pager (no part of the model, so read whole) by the digest
    of its list's links, made once per list (`held`: by the id of the links, which the plan holds)."""
    if not isinstance(value, Pager):
        return paths.token(value)
    pager = value
    links = held.get(id(pager.links)) if held is not None else None
    if links is None:
        links = digest(paths.token(pager.links))
        if held is not None:
            held[id(pager.links)] = links
    return "pager", links, pager.current, pager.by_year


def _made_from(output: Output, site: Site, index: SiteIndex) -> object:
    """What the values code makes for a template (page information, the sitemap's list) are made from, besides
    the settings: plain tuples of strings, hashed as they are (40,000 of them at 10,000 entries)."""
    if output.kind == "page":
        spec = output.spec
        assert spec is not None
        return spec.kind, spec.route, spec.translated
    if output.kind in ("sitemap", "sitemap-index"):
        return output.listed
    return ()


def _handed(output: Output, site: Site, index: SiteIndex, urls: UrlScheme) -> dict[str, object]:
    """The model values a file other than a page hands its template, besides those code makes (_made_from)."""
    if output.kind in ("sitemap", "sitemap-index", "landing"):
        return {}
    return _context(output, site, index, urls)


def _context(output: Output, site: Site, index: SiteIndex, urls: UrlScheme) -> dict[str, object]:
    """The values a file's template gets besides the environment's globals."""
    if output.kind == "page":
        spec = output.spec
        assert spec is not None
        return {"page": _page_info(site, urls, spec, output.lang), **spec.context}
    if output.kind == "feed":
        return {"entries": tuple(site.entries.values())[:FEED_LENGTH]}
    if output.kind == "landing":
        return {"page": _landing_info(site, urls)}
    if output.kind == "sitemap":
        return {"pages": sitemap_urls(site, urls, output.listed, output.lang)}  # type: ignore[arg-type]
    if output.kind == "sitemap-index":
        return {"sitemaps": [urls.absolute(None, str(file)) for file in output.listed]}
    return {}


def _render(output: Output, site: Site, index: SiteIndex, urls: UrlScheme, env: Environment) -> str:
    if output.kind == "robots":
        return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(None, 'sitemap.xml')}\n"
    template = output.spec.template if output.spec is not None else _TEMPLATES[output.kind]
    return env.get_template(template).render(**_context(output, site, index, urls))


_TEMPLATES = {"feed": "feed.xml", "landing": "landing.html", "sitemap": "sitemap.xml",
              "sitemap-index": "sitemapindex.xml"}


def _page_info(site: Site, urls: UrlScheme, spec: PageSpec, lang: str) -> PageInfo:
    languages = site.config.languages
    alternates = page_alternates(site, urls, spec.route)
    missing = tuple(code for code in languages if spec.translated and code not in spec.translated)
    return PageInfo(
        kind=spec.kind, lang=lang, route=spec.route, url=urls.href(lang, *spec.route),
        canonical=alternates[lang], alternates=alternates,
        switch={code: urls.href(code, *spec.route) for code in languages}, missing=missing,
    )


def _landing_info(site: Site, urls: UrlScheme) -> PageInfo:
    languages = site.config.languages
    alternates = landing_alternates(site, urls)
    return PageInfo("landing", site.config.default_language, (), urls.href(None), urls.absolute(None), alternates,
                     {code: urls.href(code) for code in languages}, ())


def _asset_files(folder: Path) -> list[Path]:
    # Hidden files (.DS_Store, an editor's .swp) and links out of the folder are no assets of the site.
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()
                  and not any(part.startswith(".") for part in path.relative_to(folder).parts))
