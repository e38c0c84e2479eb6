"""The briefing's PDFs as the home page lists them: address, size and page count, per language.

The pdf step (build/pdf.py) makes the PDFs after the pages have rendered, so a page that lists
them reads one key, ("#pdf",), whose value the plan cannot know beforehand: the plan leaves it
to that step, which renders such a page again once the PDFs are known whenever what they give
differs from what the page last showed. Until then a page reads them as pending.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import astuple, dataclass

from site_builder.render.reads import Key, Recorder, digest

PDF_KEY: Key = ("#pdf",)
# What a page read before the PDFs were known: never the digest of real downloads.
PENDING = "pending"


@dataclass(frozen=True, slots=True)
class Download:
    """One language's PDF of the briefing."""

    lang: str
    # the language it is written in
    href: str
    # root-relative link to it
    size: int
    # bytes
    pages: int
    # page count


def downloads_digest(downloads: Mapping[str, Download] | None) -> str:
    """What a page that lists the PDFs depends on: each one's address, size and pages (or pending)."""
    if downloads is None:
        return PENDING
    return digest(tuple(astuple(item) for item in downloads.values()))


def download_list(recorder: Callable[[], Recorder | None], downloads: Mapping[str, Download] | None,
                  lang: str) -> Callable[[], list[Download]]:
    """The template function `pdf_downloads()`: the PDFs, the page's language first, noted as read."""
    noted = downloads_digest(downloads)

    def pdf_downloads() -> list[Download]:
        found = recorder()
        if found is not None:
            found.note(PDF_KEY, noted)
        items = list(downloads.values()) if downloads is not None else []
        return sorted(items, key=lambda item: item.lang != lang)

    pdf_downloads.records_its_reads = True  # type: ignore[attr-defined]
    return pdf_downloads
