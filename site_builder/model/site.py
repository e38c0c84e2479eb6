"""The one site model: frozen values that templates read, never raw YAML."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from site_builder.content.dates import PartialDate, Period
from site_builder.model.bodies import Body

Text = dict[str, str]  # language code -> text, for every site language


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """site.yaml."""

    title: Text
    # the site's name per language
    tagline: Text
    # one line under the name
    description: Text
    # for search engines and the home page
    languages: tuple[str, ...]
    # language codes, default first
    default_language: str
    # the source language: "zh"
    base_url: str
    # absolute URL of the site root, ending in "/"
    essentials: tuple[Text, ...] = ()
    # the home page's "what you need to know": 3-5 sentences per language
    list_page_size: int = 100
    # the most items one page of a list shows; a longer list is split (model/paging.py)


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    # stable key used in URLs
    name: Text
    # per-language name
    description: Text
    # per-language short description


@dataclass(frozen=True, slots=True)
class Person:
    key: str
    # stable key used in URLs
    name: Text
    # per-language name (pinyin surname first in English)
    role: Text
    # the role as the sources give it
    kind: str
    # official | expert | deputy (NPC) | cppcc-member | business | journalist


@dataclass(frozen=True, slots=True)
class Outlet:
    key: str
    # stable key
    name: Text
    # per-language name
    kind: str
    # newspaper | news-agency | magazine | new-media
    url: str
    # home page or ""


@dataclass(frozen=True, slots=True)
class Unit:
    key: str
    # stable key
    zh: str
    # Chinese unit word, written after 万/亿
    en_one: str
    # English singular
    en_other: str
    # English plural
    en_scales: tuple[tuple[Decimal, str], ...]
    # English SI scales (factor, symbol) that replace million/billion; empty for words
    scaled: bool
    # False for units like % that never take 万/亿
    hant: str = ""
    # the Chinese unit word in Traditional Chinese ("" in a site without that edition)


@dataclass(frozen=True, slots=True)
class Citation:
    outlet: Outlet
    # where the piece was published
    authors: tuple[Text, ...]
    # author names per language
    headline: str
    # the original Chinese headline, exactly
    headline_translation: Text
    # the headline in each language (the Chinese one is the headline itself)
    section: str
    # page or column, "" when unknown
    url: str
    # link to the original, "" when unknown
    original: str
    # the file name of the original report it was curated from (editors' bookkeeping: never shown)


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    # the exact words, in Chinese as the source gives them
    translation: Text
    # per-language rendering (the Chinese one is the text itself)
    person: str
    # person key, "" for an unnamed speaker
    speaker: Text | None
    # unnamed speaker's description, None when person is set


@dataclass(frozen=True, slots=True)
class EntryText:
    """The translated part of an entry, in one language."""

    lang: str
    # the language this text is actually written in (differs from the page's on a fallback)
    title: str
    # headline we wrote
    summary: str
    # one or two sentences
    points: tuple[str, ...]
    # key points (articles) or argument (viewpoints)
    notes: tuple[str, ...]
    # editor's notes
    body: Body
    # the Markdown body, as sanitised HTML
    reading_minutes: int
    # estimated reading time, counting Chinese characters and English words

    @property
    def body_html(self) -> str:
        return self.body.html


@dataclass(frozen=True, slots=True)
class Entry:
    """An article (summary of one source piece) or a viewpoint (one person's argument)."""

    kind: str
    # "articles" or "viewpoints"
    key: str
    # translation key, used in URLs of both languages
    date: PartialDate
    # publication date of the source piece
    updated: PartialDate
    # when the editors last revised the entry: its `updated` field, else its date (never guessed)
    topics: tuple[str, ...]
    # topic keys
    people: tuple[str, ...]
    # person keys mentioned (for a viewpoint, its person first)
    citation: Citation
    # the source piece (a viewpoint cites its article's source)
    quotes: tuple[Quote, ...]
    # attributed quotes
    person: str
    # viewpoint's person key, "" for articles
    article: str
    # viewpoint's article key, "" for articles
    texts: dict[str, EntryText]
    # per page language; a missing translation falls back to the Chinese text
    translated: tuple[str, ...]
    # languages that really have a text


@dataclass(frozen=True, slots=True)
class Event:
    key: str
    # stable key
    date: PartialDate
    # as precise as the source
    entries: tuple[str, ...]
    # entry keys that report it, main first
    topics: tuple[str, ...]
    # topic keys
    text: Text
    # what happened


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    # stable key, used as an anchor
    value: Decimal
    # exact value in the unit's base (yuan, kW, …)
    unit: Unit
    # how to show it
    qualifier: str
    # "", about, nearly, over, at-least, below, up-to
    period: Period | None
    # span it covers (flows)
    as_of: PartialDate | None
    # date it stands at (levels)
    entries: tuple[str, ...]
    # source entry keys
    topics: tuple[str, ...]
    # topic keys
    label: Text
    # what it measures
    note: Text | None
    # caveat, or None

    @property
    def sort_date(self) -> PartialDate:
        return self.as_of if self.as_of is not None else self.period.start  # type: ignore[union-attr]


@dataclass(frozen=True, slots=True)
class ChartBar:
    figure: Figure
    # the figure the bar draws
    label: Text
    # short label per language


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart comparing figures of one unit, drawn at build time."""

    key: str
    # stable key, used as an anchor
    title: Text
    # per-language title
    description: Text
    # per-language text description (what the chart shows)
    topics: tuple[str, ...]
    # topic keys
    bars: tuple[ChartBar, ...]
    # in the order the editor gave
    total: ChartBar | None = None
    # the figure the bars add up to, shown as a label beside them, never as a bar of its own


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    key: str
    # stable key, used as an anchor
    zh: str
    # the Chinese term
    en: str
    # the English rendering used everywhere on the site
    explanation: Text
    # per-language explanation
    hant: str = ""
    # the Chinese term in Traditional Chinese ("" in a site without that edition)


@dataclass(frozen=True, slots=True)
class FreePage:
    """An editor-written page such as about or overview."""

    key: str
    # URL segment
    texts: dict[str, EntryText]
    # per page language, with fallback like entries
    translated: tuple[str, ...]
    # languages that really have a text


@dataclass(frozen=True, slots=True)
class Site:
    config: SiteConfig
    # site.yaml
    topics: dict[str, Topic]
    # by key, in file order
    people: dict[str, Person]
    # by key, sorted by English name
    outlets: dict[str, Outlet]
    # by key
    entries: dict[str, Entry]
    # by key, newest first
    events: tuple[Event, ...]
    # oldest first
    figures: tuple[Figure, ...]
    # by topic order then date
    glossary: tuple[GlossaryTerm, ...]
    # sorted by English rendering
    pages: dict[str, FreePage]
    # by key
    charts: tuple[Chart, ...] = ()
    # in file order
    lead_figures: tuple[Figure, ...] = ()
    # the cooperation figures the home page leads with, in site.yaml's order
