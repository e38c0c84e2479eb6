"""The build, top to bottom: load, validate, model, render, write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from site_builder.assemble import assemble_site
from site_builder.catalogs import catalog_problems
from site_builder.errors import ContentError, Problem, display_path, sort_problems
from site_builder.load import load_content
from site_builder.model import Site
from site_builder.render import render_site
from site_builder.search import index_search
from site_builder.validate import validate_tree
from site_builder.write import write_output


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
    # index the written site with Pagefind


@dataclass(frozen=True, slots=True)
class BuildResult:
    site: Site
    # the model that was rendered
    files: list[tuple[str, bytes]] = field(repr=False)
    # every output file, site-relative
    warnings: list[Problem] = field(default_factory=list)
    # problems that did not stop the build


def check_site(options: BuildOptions) -> tuple[Site, list[Problem]]:
    """Load and validate everything; raise ContentError on errors, return the model and warnings."""
    tree = load_content(options.content_dir)
    problems = sort_problems(validate_tree(tree, options.drafts) + catalog_problems(options.translations_dir))
    if options.strict:
        problems = [problem.with_severity("error") for problem in problems]
    if any(problem.severity == "error" for problem in problems):
        raise ContentError(problems)
    site = assemble_site(tree, options.base_url, options.drafts)
    return site, problems


def build_site(options: BuildOptions, write: bool = True) -> BuildResult:
    """Check the whole site first; only then render it and swap it into the output folder."""
    if write:
        check_output_dir(options)
    site, warnings = check_site(options)
    files = render_site(site, options.templates_dir, options.translations_dir)
    if write:
        write_output(files, options.output_dir, index_search if options.search else None)
    return BuildResult(site, files, warnings)


def check_output_dir(options: BuildOptions) -> None:
    """Refuse an output folder that is, or holds, one of the build's inputs: writing replaces it whole."""
    output = options.output_dir.resolve()
    for name, folder in (("content", options.content_dir), ("templates", options.templates_dir),
                         ("translations", options.translations_dir)):
        folder = folder.resolve()
        if output == folder or output in folder.parents:
            raise ContentError([Problem(display_path(options.output_dir), None, "",
                                        f"the output folder would replace the {name} folder {display_path(folder)}",
                                        "choose another --output folder")])
