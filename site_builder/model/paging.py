"""How a long list is split into pages: numbered pages, or a page per year, each year numbered again if long.

A list of at most `list_page_size` items (site.yaml) stays one page at its own address. A longer
one is split: `/zh/articles/` and then `/zh/articles/page/2/`, …; or, for a list read by date,
`/zh/timeline/` (the years) and then `/zh/timeline/2024/`, `/zh/timeline/2024/page/2/`, …
Lists are the same in every language (an untranslated entry falls back to its Chinese text),
so page N exists in every language or in none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

DEFAULT_PAGE_SIZE = 100
# site.yaml's list_page_size when it gives none: at 10,000 entries no list page passes 250 KB
PAGE = "page"
# the route segment before a page number: /zh/articles/page/2/
WINDOW = 2
# numbered navigation shows this many pages either side of the current one, and the first and the last

Route = tuple[str, ...]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageLink:
    """One page of a split list, as navigation links to it."""

    route: Route
    # the page's route after the language
    year: str
    # the year it lists ("" on a numbered list, and on a yearly list's first page, which lists the years)
    number: int
    # its number within the list (numbered) or within its year (yearly), from 1
    count: int
    # how many items it shows (a yearly list's first page: how many the whole list has)


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page stands among the pages of its list."""

    links: tuple[PageLink, ...]
    # every page of the list, in reading order (a yearly list's first page first)
    current: int
    # this page's position in links
    by_year: bool
    # split by year rather than numbered

    @property
    def here(self) -> PageLink:
        return self.links[self.current]

    @property
    def prev(self) -> PageLink | None:
        return self.links[self.current - 1] if self.current > 0 else None

    @property
    def next(self) -> PageLink | None:
        return self.links[self.current + 1] if self.current + 1 < len(self.links) else None

    @property
    def continued(self) -> bool:
        """A numbered page after the first: it repeats what entry pages say, so search leaves it out."""
        return not self.by_year and self.current > 0

    @property
    def window(self) -> tuple[PageLink | None, ...]:
        """The numbered pages to link to, None where some are left out (shown as an ellipsis)."""
        shown = [index for index in range(len(self.links)) if index in (0, len(self.links) - 1)
                 or abs(index - self.current) <= WINDOW]
        out: list[PageLink | None] = []
        for before, index in zip([-1, *shown], shown, strict=False):
            if index - before > 1:
                out.append(None)
            out.append(self.links[index])
        return tuple(out)

    @property
    def years(self) -> tuple[PageLink, ...]:
        """The first page of each year."""
        return tuple(link for link in self.links if link.year and link.number == 1)

    @property
    def year_pages(self) -> tuple[PageLink, ...]:
        """The pages of this page's year (one when the year fits on a page)."""
        year = self.here.year
        return tuple(link for link in self.links if year and link.year == year)


@dataclass(frozen=True, slots=True)
class ListPage:
    """One page of a list: where it is, the items of each of its sections, and its place among the pages."""

    route: Route
    # its route after the language
    sections: tuple[tuple[Any, ...], ...]
    # the items each section of the list shows on this page
    pager: Pager | None
    # None when the list is not split


def page_route(base: Route, number: int) -> Route:
    """The route of page `number` of a numbered list at `base`."""
    return base if number <= 1 else (*base, PAGE, str(number))


def numbered(base: Route, size: int, *sections: Sequence[Any]) -> list[ListPage]:
    """Split sections side by side into numbered pages: page N shows the N-th `size` items of each."""
    count = max([-(-len(items) // size) for items in sections] + [1])
    chunks = [tuple(tuple(items[n * size:(n + 1) * size]) for items in sections) for n in range(count)]
    if count == 1:
        return [ListPage(base, chunks[0], None)]
    links = tuple(PageLink(page_route(base, n + 1), "", n + 1, sum(len(part) for part in chunks[n]))
                  for n in range(count))
    return [ListPage(link.route, chunk, Pager(links, n, False))
            for n, (link, chunk) in enumerate(zip(links, chunks, strict=True))]


def by_year(base: Route, size: int, items: Sequence[T], year_of: Callable[[T], int],
            newest_first: bool = False) -> list[ListPage]:
    """Split a list into a page per year (oldest first unless `newest_first`), numbered within a long year.

    The list's own address then shows the years: none of its links changes when a year is added.
    """
    if len(items) <= size:
        return [ListPage(base, (tuple(items),), None)]
    years: dict[int, list[T]] = {}
    for item in items:
        years.setdefault(year_of(item), []).append(item)
    pages: list[tuple[PageLink, tuple[T, ...]]] = []
    for year in sorted(years, reverse=newest_first):
        for number, chunk in enumerate(_chunks(years[year], size), start=1):
            pages.append((PageLink(page_route((*base, str(year)), number), str(year), number, len(chunk)), chunk))
    links = (PageLink(base, "", 1, len(items)), *(link for link, _ in pages))
    first = ListPage(base, ((),), Pager(links, 0, True))
    return [first, *(ListPage(link.route, (chunk,), Pager(links, n, True)) for n, (link, chunk) in enumerate(pages, 1))]


def _chunks(items: Sequence[T], size: int) -> list[tuple[T, ...]]:
    return [tuple(items[start:start + size]) for start in range(0, len(items), size)]
