"""The checks around a build: the content and catalogs validated, the output folder refused where
writing it would destroy an input."""

from __future__ import annotations

from collections.abc import Mapping

from site_builder.build.options import BuildOptions
from site_builder.content.catalogs import catalog_problems
from site_builder.content.datafiles import DataCheck
from site_builder.content.load import SourceTree, load_content
from site_builder.content.validate import Groups, validate_tree
from site_builder.errors import ContentError, Problem, display_path, sort_problems
from site_builder.model.assemble import assemble_site
from site_builder.model.site import Site


def check_content(options: BuildOptions) -> tuple[SourceTree, list[Problem]]:
    """Load and validate everything; raise ContentError on errors, return the tree and warnings."""
    tree = load_content(options.content_dir)
    return tree, fatal_or_warnings(find_problems(tree, options), options.strict)


def check_site(options: BuildOptions) -> tuple[Site, list[Problem]]:
    """Load, validate and model the whole site; raise ContentError on errors."""
    tree, warnings = check_content(options)
    return assemble_site(tree, options.base_url, options.drafts), warnings


def find_problems(tree: SourceTree, options: BuildOptions, groups: Groups | None = None,
                  data: Mapping[str, DataCheck] | None = None) -> list[Problem]:
    """Every problem of the content and the catalogs, errors and warnings, in report order."""
    return sort_problems(validate_tree(tree, options.drafts, groups, data) + catalog_problems(options.translations_dir))


def fatal_or_warnings(problems: list[Problem], strict: bool) -> list[Problem]:
    """Raise ContentError if any problem is an error (every one is, with --strict); else return the warnings."""
    if strict:
        problems = [problem.with_severity("error") for problem in problems]
    if any(problem.severity == "error" for problem in problems):
        raise ContentError(problems)
    return problems


def check_output_dir(options: BuildOptions) -> None:
    """Refuse an output folder that is, or holds, one of the build's inputs: writing replaces it whole."""
    output = options.output_dir.resolve()
    shown = display_path(options.output_dir)
    if output.exists() and not output.is_dir():
        raise ContentError([Problem(shown, None, "", "the output folder is a file: the site would replace it",
                                    "choose another --output folder")])
    for name, folder in (("content", options.content_dir), ("templates", options.templates_dir),
                         ("translations", options.translations_dir)):
        folder = folder.resolve()
        if output == folder or output in folder.parents:
            raise ContentError([Problem(shown, None, "",
                                        f"the output folder would replace the {name} folder {display_path(folder)}",
                                        "choose another --output folder")])
        # Inside an input, the site (and its .cache/ beside it) would become input of the next build.
        if folder in output.parents:
            raise ContentError([Problem(shown, None, "",
                                        f"the output folder is inside the {name} folder {display_path(folder)}",
                                        "choose an --output folder outside content/, templates/ and translations/")])
