"""What each file of the site is made from, as one digest per file.

A rebuild compares these digests with the last build's and renders only the files
whose digest changed: renaming a topic re-renders the pages that show its name,
moving an entry to another date re-renders the lists that hold it, and an edit to
topic.html re-renders the topic pages. Each digest covers the template and every
template it uses, the translations of the UI strings those templates and the code
use (an edited string re-renders the pages that show it), and the part of the model
the template reads: `_Reads` says, per kind of page, what that is. When a template
starts to read something new, add it there; tests/test_partial.py and
tests/test_partial_random.py edit the fields of the content and compare the rebuilt
site with a clean build, byte for byte.

Entry bodies are not in the digests (the cached model does not keep them): a rebuild
re-renders the pages of every entry whose files changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import fields
from decimal import Decimal
from pathlib import Path

from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader, meta
from jinja2.ext import extract_from_ast

from site_builder.content.languages import BABEL_LOCALES, catalog_path
from site_builder.model.indexes import SiteIndex
from site_builder.model.site import Entry, EntryText, Event, Figure, Site
from site_builder.render.fragments import MACROS_TEMPLATE
from site_builder.render.i18n import CODE_MESSAGES
from site_builder.render.outputs import FEED_LENGTH, Output
from site_builder.render.pages import PageSpec

# The template each kind of file (other than pages and assets) is rendered with.
_TEMPLATES = {"feed": "feed.xml", "landing": "landing.html", "sitemap": "sitemap.xml"}


def output_digests(site: Site, index: SiteIndex, plan: list[Output], templates_dir: Path,
                   translations_dir: Path) -> dict[str, str]:
    """Site-relative path -> digest of what that file is made from, for every file in the plan."""
    templates = TemplateDigests(templates_dir)
    catalogs = CatalogDigests(translations_dir)
    reads = _Reads(site, index)
    shared = (reads.plain(site.config), "overview" in site.pages, "about" in site.pages)
    digests = {}
    for output in plan:
        if output.kind == "asset":
            made_of: tuple = (_file_digest(output.source),)  # type: ignore[arg-type]
        elif output.kind == "page":
            spec = output.spec
            assert spec is not None
            made_of = (templates.of(spec.template), catalogs.of(output.lang, templates.messages(spec.template)),
                       shared, spec.route, spec.kind, spec.translated, reads.page(spec, output.lang))
        elif output.kind in _TEMPLATES:
            template = _TEMPLATES[output.kind]
            made_of = (templates.of(template), catalogs.of(output.lang, templates.messages(template)), shared,
                       reads.other(output.kind, output.lang))
        else:  # robots.txt
            made_of = (shared,)
        digests[output.path] = _digest(repr((output.path, output.lang, output.kind) + made_of))
    return digests


class TemplateDigests:
    """The digest of a template together with every template it extends, includes or imports."""

    def __init__(self, folder: Path):
        self._env = Environment(loader=FileSystemLoader(str(folder)), extensions=["jinja2.ext.i18n"])
        self._memo: dict[str, str] = {}
        self._parsed: dict[str, tuple[str, list[str | None], frozenset[str] | None]] = {}
        self._messages: dict[str, frozenset[str] | None] = {}

    def of(self, name: str) -> str:
        digest = self._memo.get(name)
        if digest is None:
            sources = self._closure(name)
            digest = self._memo[name] = _digest(repr(sorted(sources.items())))
        return digest

    def messages(self, name: str) -> frozenset[str] | None:
        """The UI strings (msgids) a template and the templates it uses translate; None if one is not literal."""
        if name not in self._messages:
            parts = [self._read(used)[2] for used in self._closure(name)]
            self._messages[name] = None if None in parts else frozenset().union(*parts)  # type: ignore[arg-type]
        return self._messages[name]

    def _closure(self, name: str) -> dict[str, str]:
        # Every page may call the macros (the `m` global), whether or not its template names them.
        sources: dict[str, str] = {}
        waiting = [name, MACROS_TEMPLATE]
        while waiting:
            current = waiting.pop()
            if current in sources:
                continue
            sources[current], references, _messages = self._read(current)
            for referenced in references:
                # A template chosen at render time could be any of them.
                waiting += self._env.list_templates(["html", "xml"]) if referenced is None else [referenced]
        return sources

    def _read(self, name: str) -> tuple[str, list[str | None], frozenset[str] | None]:
        """A template's source, the templates it names (None for one chosen at render time) and its msgids."""
        read = self._parsed.get(name)
        if read is None:
            source = self._env.loader.get_source(self._env, name)[0]  # type: ignore[union-attr]
            tree = self._env.parse(source)
            msgids = [message if isinstance(message, str) else message[0]
                      for _line, _function, message in extract_from_ast(tree)]
            read = self._parsed[name] = (source, list(meta.find_referenced_templates(tree)),
                                         None if None in msgids else frozenset(msgids))  # type: ignore[arg-type]
        return read


class CatalogDigests:
    """The translations a file can show: of its templates' UI strings and of those the code translates.

    An edited translation re-renders only the pages whose templates use it. A string the code
    translates (a figure's qualifier, a period) counts as used by every page.
    """

    def __init__(self, folder: Path):
        self._folder = folder
        self._catalogs: dict[str, tuple[str, dict[str, tuple]] | None] = {}
        self._memo: dict[tuple[str, frozenset[str] | None], str] = {}

    def of(self, lang: str, messages: frozenset[str] | None) -> str:
        digest = self._memo.get((lang, messages))
        if digest is None:
            catalog = self._catalog(lang)
            if catalog is None or messages is None:
                # No catalog, or a template that translates a computed string: the whole file counts.
                digest = _file_digest(catalog_path(self._folder, lang))
            else:
                header, translations = catalog
                digest = _digest(repr((header, [(msgid, translations.get(msgid))
                                                for msgid in sorted(messages | CODE_MESSAGES)])))
            self._memo[(lang, messages)] = digest
        return digest

    def _catalog(self, lang: str) -> tuple[str, dict[str, tuple]] | None:
        """(what every string depends on: the plural rule, msgid -> (translation, fuzzy)), None if unreadable."""
        if lang not in self._catalogs:
            try:
                with catalog_path(self._folder, lang).open("rb") as handle:
                    catalog = read_po(handle, locale=BABEL_LOCALES[lang])
                translations = {}
                for message in catalog:
                    if message.id:
                        msgid = message.id if isinstance(message.id, str) else message.id[0]
                        translations[msgid] = (message.id, message.string, message.fuzzy)
                self._catalogs[lang] = (repr((catalog.plural_forms, catalog.locale)), translations)
            except Exception:  # noqa: BLE001 - the renderer reports a broken catalog; here it counts as a whole
                self._catalogs[lang] = None
        return self._catalogs[lang]


class _Reads:
    """The part of the model each kind of file reads, as plain values (see _Plain)."""

    def __init__(self, site: Site, index: SiteIndex):
        self.site, self.index = site, index
        self.plain = _Plain()
        # Digests of what a line or a card shows of an entry, by (key, language).
        self._lines: dict[tuple[str, str], str] = {}
        self._cards: dict[tuple[str, str], str] = {}
        self._cores: dict[str, tuple] = {}

    def page(self, spec: PageSpec, lang: str) -> object:
        if "entry" in spec.context:
            return self._entry_page(spec.context["entry"], lang)
        if "free_page" in spec.context:
            return _text(spec.context["free_page"].texts[lang])
        read = self._PAGES.get(spec.kind)
        # A page we know nothing of depends on everything.
        return read(self, spec, lang) if read is not None else self.plain((self.site, self.index))

    def other(self, kind: str, lang: str) -> object:
        site = self.site
        if kind == "feed":
            return tuple(self.card(entry, lang) for entry in tuple(site.entries.values())[:FEED_LENGTH])
        if kind == "sitemap":
            return tuple((key, entry.kind) for key, entry in site.entries.items()) + (
                tuple(site.people), tuple(site.topics), tuple(site.pages))
        return ()

    def line(self, entry: Entry, lang: str) -> str:
        """What a one-line mention of an entry shows (lists, links to it)."""
        key = (entry.key, lang)
        line = self._lines.get(key)
        if line is None:
            text = entry.texts[lang]
            person = self.site.people[entry.person].name if entry.person else None
            line = self._lines[key] = _digest(repr((entry.kind, entry.key, entry.article, self.plain(entry.date),
                                                    self.plain(person), text.title, text.lang)))
        return line

    def card(self, entry: Entry, lang: str) -> str:
        """What an entry's card shows: its line, summary and topics."""
        key = (entry.key, lang)
        card = self._cards.get(key)
        if card is None:
            card = self._cards[key] = _digest(repr((self.line(entry, lang), entry.texts[lang].summary,
                                                    tuple((topic, self.plain(self.site.topics[topic].name))
                                                          for topic in entry.topics))))
        return card

    def source_of(self, entry: Entry) -> tuple:
        """What a figure's short source shows of the entry reporting it."""
        person = self.site.people[entry.person].name if entry.person else None
        return (entry.kind, entry.key, self.plain(entry.citation.outlet.name), self.plain(person))

    def events(self, events: tuple[Event, ...], lang: str) -> tuple:
        """Events with the entries they link to."""
        entries = self.site.entries
        return tuple((self.plain(event), tuple(self.line(entries[key], lang) for key in event.entries))
                     for event in events)

    def figures(self, figures: tuple[Figure, ...]) -> tuple:
        """Figures with the entries they cite."""
        entries = self.site.entries
        return tuple((self.plain(figure), tuple(self.source_of(entries[key]) for key in figure.entries))
                     for figure in figures)

    def topics(self) -> tuple:
        return tuple((key, self.plain(topic.name)) for key, topic in self.site.topics.items())

    def counts(self) -> tuple:
        index = self.index
        return tuple((topic, len(index.entries_by_topic.get(topic, ())), len(index.events_by_topic.get(topic, ())),
                      len(index.figures_by_topic.get(topic, ()))) for topic in self.site.topics)

    def _entry_page(self, entry: Entry, lang: str) -> tuple:
        site, index, plain = self.site, self.index, self.plain
        core = self._cores.get(entry.key)
        if core is None:
            # Everything of the entry but its texts, the same for every language.
            core = self._cores[entry.key] = tuple(plain(getattr(entry, name)) for name in _ENTRY_FIELDS)
        people = {entry.person, *(quote.person for quote in entry.quotes)} - {""}
        article = site.entries[entry.article] if entry.article else None
        return (
            core, _text(entry.texts[lang]),
            tuple(plain(site.topics[topic].name) for topic in entry.topics),
            tuple(sorted((key, plain(site.people[key])) for key in people)),
            plain(index.figures_by_entry.get(entry.key, ())),
            plain(index.events_by_entry.get(entry.key, ())),
            tuple(self.line(viewpoint, lang) for viewpoint in index.viewpoints_by_article.get(entry.key, ())),
            self.line(article, lang) if article is not None else None,
        )

    def _home(self, spec: PageSpec, lang: str) -> tuple:
        latest = tuple(self.card(entry, lang) for entry in tuple(self.site.entries.values())[:7])
        return latest, self.plain(self.site.figures), self.topics(), self.counts()

    def _list(self, spec: PageSpec, lang: str) -> tuple:
        return tuple(self.card(entry, lang) for entry in spec.context["entries"])

    def _topics(self, spec: PageSpec, lang: str) -> tuple:
        return self.plain(tuple(self.site.topics.values())), self.counts()

    def _topic(self, spec: PageSpec, lang: str) -> tuple:
        topic, index = spec.context["topic"], self.index
        return (self.plain(topic),
                tuple(self.line(entry, lang) for entry in index.entries_by_topic.get(topic.key, ())),
                self.events(index.events_by_topic.get(topic.key, ()), lang),
                self.figures(index.figures_by_topic.get(topic.key, ())))

    def _person(self, spec: PageSpec, lang: str) -> tuple:
        person = spec.context["person"]
        return self.plain(person), tuple(self.card(entry, lang)
                                         for entry in self.index.entries_by_person.get(person.key, ()))

    def _timeline(self, spec: PageSpec, lang: str) -> tuple:
        index = self.index
        return (tuple((key, name, key in index.events_by_topic) for key, name in self.topics()),
                tuple((self.plain(year), self.events(events, lang)) for year, events in index.events_by_year))

    def _figures(self, spec: PageSpec, lang: str) -> tuple:
        return (self.plain(self.site.charts), self.topics(),
                tuple((key, self.figures(figures)) for key, figures in self.index.figures_by_main_topic.items()),
                self.counts())

    def _sources(self, spec: PageSpec, lang: str) -> tuple:
        return tuple((self.plain(outlet), tuple((self.plain(entry.citation), self.line(entry, lang))
                                                for entry in self.index.entries_by_outlet.get(key, ())))
                     for key, outlet in self.site.outlets.items())

    _PAGES: dict[str, Callable] = {
        "home": _home, "articles": _list, "viewpoints": _list, "topics": _topics, "topic": _topic,
        "person": _person, "timeline": _timeline, "figures": _figures, "sources": _sources,
        "people": lambda self, spec, lang: self.plain(tuple(self.site.people.values())),
        "glossary": lambda self, spec, lang: self.plain(self.site.glossary),
        "search": lambda self, spec, lang: (),
        "not-found": lambda self, spec, lang: (),
    }


_ENTRY_FIELDS = tuple(item.name for item in fields(Entry) if item.name != "texts")


def _text(text: EntryText) -> tuple:
    """An entry's or page's text in one language, without its body (see the module's note)."""
    return (text.lang, text.title, text.summary, text.points, text.notes, text.reading_minutes)


class _Plain:
    """Model values as nested tuples of strings and numbers, whose repr is quick and stable.

    The repr of a dataclass goes through Python code for every field; at 10,000 entries it
    took seconds. Each dataclass value (an entry's citation, an outlet, a unit) becomes the
    digest of its fields, once, however many pages show it.
    """

    def __init__(self) -> None:
        self._memo: dict[int, str] = {}
        self._keep: list[object] = []

    def __call__(self, value: object) -> object:
        kind = type(value)
        if kind in _ATOMS:
            return value
        if kind is tuple or kind is list:
            return tuple(self(item) for item in value)  # type: ignore[attr-defined]
        if kind is dict:
            return tuple((key, self(item)) for key, item in value.items())  # type: ignore[attr-defined]
        if kind is Decimal:
            return ("Decimal", str(value))
        memo = self._memo.get(id(value))
        if memo is None:
            names = _FIELD_NAMES.get(kind)
            if names is None:
                names = _FIELD_NAMES[kind] = tuple(item.name for item in fields(value))  # type: ignore[arg-type]
            # A digest stands for the value: a list of 5,000 cards is repr'd as 5,000 short strings.
            memo = self._memo[id(value)] = _digest(repr((kind.__name__, *(self(getattr(value, name))
                                                                          for name in names))))
            self._keep.append(value)  # its id stays its own while the memo lives
        return memo


_ATOMS = (str, int, bool, float, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _file_digest(path: Path) -> str:
    try:
        return _digest(path.read_bytes())
    except FileNotFoundError:
        return ""


def _digest(data: str | bytes) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.blake2b(data, digest_size=16).hexdigest()
