"""The briefing as one HTML document per language, ready for a PDF engine: the site's templates and model.

templates/pdf/briefing.html renders through the same Jinja environment, macros and filters
as the pages, so every figure, chart, date and citation reads as on the site. Links come out
root-relative, as on the site; here those to a page the document holds become links to its
own section, and the others the site's absolute addresses. The charts carry their styles
inside the SVG, as PDF engines style an inline SVG only from within.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin

from jinja2 import TemplateSyntaxError
from markupsafe import Markup

from site_builder.content.dates import PartialDate
from site_builder.model.indexes import SiteIndex
from site_builder.model.site import Site
from site_builder.model.urls import UrlScheme
from site_builder.render.environment import make_environment
from site_builder.render.failures import template_failure
from site_builder.render.wordbreak import WordBreaks

PDF_TEMPLATE = "pdf/briefing.html"
CHART_STYLE = "pdf/chart.css"
PDF_NAME = "briefing.pdf"
# the file name of each language's PDF, beside its home page: zh/briefing.pdf

_HREF = re.compile(r'\bhref="([^"]*)"')
_CHART = re.compile(r'(<svg class="chart"[^>]*>)')


def pdf_path(urls: UrlScheme, lang: str) -> str:
    """The site-relative file of a language's PDF."""
    return urls.output_file(lang, PDF_NAME)


def edition_date(site: Site) -> PartialDate | None:
    """The briefing's edition: the date of its newest entry (a build date would change every build)."""
    return max((entry.date for entry in site.entries.values()), default=None)


def render_briefing(site: Site, index: SiteIndex, lang: str, templates_dir: Path, translations_dir: Path,
                    breaks: WordBreaks | None = None, compiled_dir: Path | None = None) -> str:
    """The whole briefing in one language as HTML, links resolved for a document of its own."""
    urls = UrlScheme(site.config.base_url)
    env = make_environment(site, index, urls, lang, templates_dir, translations_dir, compiled_dir=compiled_dir,
                           breaks=breaks)
    env.filters["css_string"] = css_string
    try:
        document = env.get_template(PDF_TEMPLATE).render(edition=edition_date(site))
    except TemplateSyntaxError:
        raise  # it carries its template and line
    except Exception as exc:
        failure = template_failure(exc, pdf_path(urls, lang), templates_dir)
        if failure is None:
            raise
        raise failure from None
    assert env.loader is not None
    chart_style = env.loader.get_source(env, CHART_STYLE)[0].strip()
    document = _CHART.sub(lambda found: f"{found.group(1)}<style>{chart_style}</style>", document)
    return localise_links(document, section_anchors(site, urls, lang), site.config.base_url)


def section_anchors(site: Site, urls: UrlScheme, lang: str) -> dict[str, str]:
    """Site address -> the section of the document that holds the same thing."""
    anchors = {urls.href(lang): "#cover"}
    for section in ("articles", "viewpoints", "people", "glossary", "sources", "timeline", "figures", "overview"):
        if section != "overview" or "overview" in site.pages:
            anchors[urls.href(lang, section)] = f"#{section}"
    for entry in site.entries.values():
        anchors[urls.href(lang, entry.kind, entry.key)] = f"#entry-{entry.key}"
    for person in site.people:
        anchors[urls.href(lang, "people", person)] = f"#person-{person}"
    glossary = urls.href(lang, "glossary")
    for term in site.glossary:
        anchors[f"{glossary}#{term.key}"] = f"#term-{term.key}"
    return anchors


def localise_links(document: str, anchors: dict[str, str], base_url: str) -> str:
    """Point each link at the document's own section where it has one, else at the site's absolute address."""

    def replace(found: re.Match[str]) -> str:
        href = html.unescape(found.group(1))
        if not href.startswith("/"):
            return found.group(0)  # absolute, mailto: or an anchor of this document
        path = href.split("#", 1)[0]
        target = anchors.get(href) or anchors.get(path) or urljoin(base_url, href)
        return f'href="{html.escape(target)}"'

    return _HREF.sub(replace, document)


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string (for `content:` in the page margins)."""
    escaped = "".join(f"\\{ord(char):x} " if char in '"\\\n\r\f' or ord(char) < 32 else char for char in str(text))
    return Markup(f'"{escaped}"')
