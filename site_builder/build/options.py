"""What a build is asked to do, and what it reports back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from site_builder.errors import Problem
from site_builder.model.site import Site


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What the command line (or the live server) asks of a build."""

    content_dir: Path
    # where content/ is
    output_dir: Path
    # where the site goes
    templates_dir: Path
    # Jinja templates and assets/
    translations_dir: Path
    # gettext catalogs
    base_url: str | None = None
    # overrides site.yaml's base_url
    strict: bool = False
    # warnings are errors
    drafts: bool = False
    # include entries marked draft
    search: bool = True
    # index the written site with Pagefind (and remove the index when False)
    workers: int = 0
    # processes to render with; 0: one per language, up to the number of cores, for 1,000 files or more
    cache: bool = True
    # use and keep .cache/ beside the output folder, so that a rebuild does only what changed
    pdf: bool = False
    # make the briefing's PDF per language (build/pdf.py); the command line's `build` asks for it

    def settings(self) -> dict[str, object]:
        """What a build's state is kept under: another folder or setting means another site (build/state.py)."""
        return {"content": str(self.content_dir.resolve()), "templates": str(self.templates_dir.resolve()),
                "translations": str(self.translations_dir.resolve()), "base_url": self.base_url,
                "drafts": self.drafts, "pdf": self.pdf}


@dataclass(frozen=True, slots=True)
class BuildResult:
    site: Site | None
    # the model; None when nothing changed and it was not made
    paths: tuple[str, ...] = field(repr=False)
    # every file of the site, site-relative (the search bundle aside)
    warnings: list[Problem] = field(default_factory=list)
    # problems that did not stop the build
    written: tuple[str, ...] = field(default=(), repr=False)
    # files new or changed in this build (all of them on a first build)
    removed: tuple[str, ...] = field(default=(), repr=False)
    # files deleted because the site no longer has them
    entry_count: int = 0
    # published entries
    rendered: int = 0
    # files rendered: those whose recorded reads changed (all on a build without a usable cache)
    notices: tuple[str, ...] = ()
    # one-line notes for the editor (a build cache set aside, say)
