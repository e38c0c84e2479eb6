"""Write a synthetic, valid content folder of N entries for benchmarks: `python -m site_builder.bench corpus N DIR`.

Everything comes from one seeded generator, so the same N and seed always give the same files.
The corpus builds with `--strict`: every key it references exists, every topic is used, and
every English file is stamped with the fingerprint of its Chinese file.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from site_builder.bench.text import GIVEN, OBJECTS, OUTLETS, ROLES, SUBJECTS, SURNAMES, TOPICS, Prose
from site_builder.bench.yamlfiles import dump_yaml, yaml_text
from site_builder.content.load import load_entry_file
from site_builder.content.translations import fingerprint

PROJECT_CONTENT = Path(__file__).resolve().parents[2] / "content"
VIEWPOINT_EVERY = 5
# Units a figure may use, with how its value is written: the first ones found in units/ are used.
FIGURE_UNITS = {"yuan": ("亿", "协议投资", "Agreed investment"), "kw": ("万", "新增装机", "New capacity"),
                "tonnes": ("万", "产量", "Output"), "projects": ("", "签约项目", "Projects signed"),
                "percent": (".", "增速", "Growth rate"), "mu": ("万", "面积", "Area")}


@dataclass(frozen=True, slots=True)
class Corpus:
    """What was written, for the benchmark to report and edit."""

    folder: Path
    # the content folder
    articles: tuple[str, ...]
    # article keys, in the order written
    viewpoints: tuple[str, ...]
    # viewpoint keys
    events: int
    # number of timeline events
    figures: int
    # number of figures

    @property
    def entries(self) -> int:
        return len(self.articles) + len(self.viewpoints)


# A corpus's languages unless asked otherwise: the shape of the speed issue's figures and the peers' corpora.
CORPUS_LANGUAGES = ("zh", "en")


def write_corpus(count: int, folder: Path, seed: int = 0, languages: tuple[str, ...] = CORPUS_LANGUAGES) -> Corpus:
    """Write a content folder with `count` entries (articles, one in five a viewpoint) into an empty folder;
    `languages` as site.yaml's (with zh-Hant, the edition is converted from the Chinese files)."""
    if count < 1:
        raise ValueError("a corpus needs at least one entry")
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty")
    rng = random.Random(f"site-builder-bench-{seed}")
    prose = Prose(rng)
    folder.mkdir(parents=True, exist_ok=True)
    units = _copy_site_files(folder, languages)
    topics = [key for key, _, _ in TOPICS]
    dump_yaml(folder / "topics" / "topics.yaml", {key: {"name": {"zh": zh, "en": en}, "description": _pair(prose, 2)}
                                              for key, zh, en in TOPICS})
    people = _people(rng)
    dump_yaml(folder / "people" / "people.yaml", people)
    dump_yaml(folder / "sources" / "outlets.yaml", {key: {"name": {"zh": zh, "en": en}, "kind": kind}
                                                for key, zh, en, kind in OUTLETS})
    plan = _plan_entries(count, rng, list(people))
    keys = [key for key, _, _ in plan]
    articles: list[str] = []
    used: set[str] = set()
    for index, (key, kind, date) in enumerate(plan):
        link = keys[(index + 1 + rng.randrange(max(1, count - 1))) % count] if count > 1 else key
        if kind == "articles":
            meta, english = _article(prose, rng, date, topics, list(people))
        else:
            meta, english = _viewpoint(prose, rng, date, topics, rng.choice(articles), list(people))
        used.update(meta["topics"])
        zh_body, en_body = prose.body(link)
        _write_entry(folder / kind, key, kind, meta, english, zh_body, en_body)
        if kind == "articles":
            articles.append(key)
    events = _events(prose, rng, keys, topics, max(1, count // 2))
    figures = _figures(prose, rng, keys, topics, units, max(1, count // 2))
    _cover_topics(topics, used, events, figures)
    _dump_by_year(folder / "events", events)
    _dump_by_year(folder / "figures", figures)
    charts = _charts(figures)
    if charts:
        dump_yaml(folder / "charts" / "charts.yaml", charts)
    # A glossary grows far slower than the entries; 500 terms keep its one file well under the 1 MB limit.
    dump_yaml(folder / "glossary" / "glossary.yaml", _glossary(prose, min(500, 20 + count // 20)))
    _pages(folder, prose, keys)
    viewpoints = tuple(key for key, kind, _ in plan if kind == "viewpoints")
    return Corpus(folder, tuple(articles), viewpoints, len(events), len(figures))


def _copy_site_files(folder: Path, languages: tuple[str, ...]) -> list[str]:
    """Copy site.yaml (with the corpus' languages) and units/ from the project's content; return the figure
    units available."""
    # The real home page's lead figures name figures of the real content, which a corpus does not have.
    site = yaml.safe_load((PROJECT_CONTENT / "site.yaml").read_text(encoding="utf-8"))
    site.pop("lead_figures", None)
    site["languages"] = list(languages)
    dump_yaml(folder / "site.yaml", site)
    shutil.copytree(PROJECT_CONTENT / "units", folder / "units")
    known: set[str] = set()
    for path in sorted((folder / "units").glob("*.yaml")):
        known.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return [unit for unit in FIGURE_UNITS if unit in known]


def _dump_by_year(folder: Path, items: dict[str, dict[str, Any]], per_file: int = 400) -> None:
    """One file per year (by the year in the key), split further so that no file nears the 1 MB limit."""
    years: dict[str, list[str]] = {}
    for key in items:
        years.setdefault(next(part for part in key.split("-") if len(part) == 4 and part.isdigit()), []).append(key)
    for year, keys in sorted(years.items()):
        chunks = [keys[start:start + per_file] for start in range(0, len(keys), per_file)]
        for number, chunk in enumerate(chunks, 1):
            name = f"{year}.yaml" if len(chunks) == 1 else f"{year}-{number:02d}.yaml"
            dump_yaml(folder / name, {key: items[key] for key in chunk})


def _pair(prose: Prose, sentences: int) -> dict[str, str]:
    zh, en = prose.sentences(sentences)
    return {"zh": "".join(zh), "en": " ".join(en)}


def _people(rng: random.Random) -> dict[str, dict[str, Any]]:
    people: dict[str, dict[str, Any]] = {}
    while len(people) < 30:
        (surname, surname_en), (given, given_en) = rng.choice(SURNAMES), rng.choice(GIVEN)
        key = f"{surname_en.lower()}-{given_en}"
        if key in people:
            continue
        kind, role_zh, role_en = rng.choice(ROLES)
        people[key] = {"name": {"zh": surname + given, "en": f"{surname_en} {given_en.capitalize()}"},
                       "role": {"zh": role_zh, "en": role_en}, "kind": kind}
    return people


def _date(rng: random.Random) -> str:
    year, month, day = rng.randint(2016, 2026), rng.randint(1, 12), rng.randint(1, 28)
    precision = rng.random()
    return f"{year}" if precision < 0.03 else f"{year}-{month:02d}" if precision < 0.15 else \
        f"{year}-{month:02d}-{day:02d}"


def _plan_entries(count: int, rng: random.Random, people: list[str]) -> list[tuple[str, str, str]]:
    """(key, kind, date) of every entry; a viewpoint always has an earlier article to come from."""
    plan = []
    for index in range(count):
        date = _date(rng)
        if index % VIEWPOINT_EVERY == VIEWPOINT_EVERY - 1:
            plan.append((f"{rng.choice(people)}-{date[:4]}-{index:05d}", "viewpoints", date))
        else:
            plan.append((f"{rng.choice(OUTLETS)[0]}-{date[:4]}-{index:05d}", "articles", date))
    return plan


def _article(prose: Prose, rng: random.Random, date: str, topics: list[str],
             people: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    title, points, summary = prose.title(), prose.sentences(rng.randint(3, 6)), prose.sentences(rng.randint(1, 2))
    mentioned = rng.sample(people, rng.randint(0, 3))
    quotes = prose.sentences(rng.randint(0, 2) if mentioned else 0)
    notes = prose.sentences(1 if rng.random() < 0.3 else 0)
    headline = prose.title()
    source: dict[str, Any] = {"outlet": rng.choice(OUTLETS)[0]}
    if rng.random() < 0.6:
        source["authors"] = [{"zh": s + g, "en": f"{se} {ge.capitalize()}"}
                             for (s, se), (g, ge) in ((rng.choice(SURNAMES), rng.choice(GIVEN)) for _ in range(2))]
    source["headline"] = headline[0]
    if rng.random() < 0.5:
        source["section"] = f"第{rng.randint(1, 16):02d}版"
    source["original"] = f"bench-{rng.randrange(10**6):06d}.txt"
    meta: dict[str, Any] = {"title": title[0], "date": date, "topics": rng.sample(topics, rng.randint(1, 3))}
    if mentioned:
        meta["people"] = mentioned
    meta |= {"source": source, "summary": "".join(summary[0]), "key_points": points[0]}
    if quotes[0]:
        meta["quotes"] = [{"by": rng.choice(mentioned), "text": text} for text in quotes[0]]
    if notes[0]:
        meta["notes"] = notes[0]
    english: dict[str, Any] = {"title": title[1], "summary": " ".join(summary[1]), "source": {"headline": headline[1]},
               "key_points": points[1]}
    if quotes[1]:
        english["quotes"] = quotes[1]
    if notes[1]:
        english["notes"] = notes[1]
    return meta, english


def _viewpoint(prose: Prose, rng: random.Random, date: str, topics: list[str], article: str,
               people: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    title, points, summary = prose.title(), prose.sentences(rng.randint(3, 7)), prose.sentences(1)
    quotes = prose.sentences(1 if rng.random() < 0.5 else 0)
    meta: dict[str, Any] = {"title": title[0], "date": date, "person": rng.choice(people), "article": article,
            "topics": rng.sample(topics, rng.randint(1, 3)), "summary": summary[0][0], "points": points[0]}
    english: dict[str, Any] = {"title": title[1], "summary": summary[1][0], "points": points[1]}
    if quotes[0]:
        meta["quotes"] = [{"text": quotes[0][0]}]
        english["quotes"] = quotes[1]
    return meta, english


def _write_entry(folder: Path, key: str, kind: str, meta: dict[str, Any], english: dict[str, Any], zh_body: str,
                 en_body: str) -> None:
    """Write both files; stamp the English one with the fingerprint of the Chinese file as loaded."""
    folder.mkdir(parents=True, exist_ok=True)
    zh_path = folder / f"{key}.zh.md"
    zh_path.write_text(f"---\n{yaml_text(meta)}---\n{zh_body}", encoding="utf-8")
    problems: list[Any] = []
    source = load_entry_file(zh_path, kind, problems)
    if source is None:
        raise RuntimeError(f"generated an unreadable file {zh_path}: {problems}")
    stamped = {"translated_from": fingerprint(source)} | english
    (folder / f"{key}.en.md").write_text(f"---\n{yaml_text(stamped)}---\n{en_body}", encoding="utf-8")


def _events(prose: Prose, rng: random.Random, keys: list[str], topics: list[str],
            count: int) -> dict[str, dict[str, Any]]:
    events = {}
    for index in range(count):
        date = _date(rng)
        events[f"{date}-event-{index:05d}"] = {
            "date": date, "entries": rng.sample(keys, min(len(keys), rng.randint(1, 2))),
            "topics": rng.sample(topics, rng.randint(1, 2)), "text": _pair(prose, 1)}
    return events


def _figures(prose: Prose, rng: random.Random, keys: list[str], topics: list[str], units: list[str],
             count: int) -> dict[str, dict[str, Any]]:
    figures = {}
    for index in range(count):
        unit = rng.choice(units)
        scale, label_zh, label_en = FIGURE_UNITS[unit]
        value = f"{rng.randint(10, 400) / 10:g}" if scale == "." else f"{rng.randint(1, 9000)}{scale}"
        (subject_zh, subject_en), (object_zh, object_en) = rng.choice(SUBJECTS), rng.choice(OBJECTS)
        year = rng.randint(2016, 2026)
        figure: dict[str, Any] = {"value": value, "unit": unit}
        if rng.random() < 0.3:
            figure["qualifier"] = rng.choice(["about", "nearly", "over", "at-least"])
        if rng.random() < 0.7:
            figure["period"] = str(year) if rng.random() < 0.6 else f"{year}-01/{year}-{rng.randint(2, 12):02d}"
        else:
            figure["as_of"] = f"{year}-{rng.randint(1, 12):02d}"
        figure |= {"entries": rng.sample(keys, min(len(keys), rng.randint(1, 2))),
                   "topics": rng.sample(topics, rng.randint(1, 2)),
                   "label": {"zh": f"{subject_zh}{object_zh}{label_zh}",
                             "en": f"{label_en}: {object_en}, {subject_en}"}}
        if rng.random() < 0.2:
            figure["note"] = _pair(prose, 1)
        figures[f"figure-{year}-{index:05d}"] = figure
    return figures


def _cover_topics(topics: list[str], used: set[str], events: dict[str, dict[str, Any]],
                  figures: dict[str, dict[str, Any]]) -> None:
    """A topic no entry, event or figure uses is a warning (an error with --strict): give it to the first event."""
    for item in [*events.values(), *figures.values()]:
        used.update(item["topics"])
    first = next(iter(events.values()))
    first["topics"] += [topic for topic in topics if topic not in used]


def _charts(figures: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    yuan = [key for key, figure in figures.items() if figure["unit"] == "yuan"]
    charts = {}
    for index in range(len(yuan) // 100 + (1 if len(yuan) >= 2 else 0)):
        bars = yuan[index * 6: index * 6 + 6] if len(yuan) >= index * 6 + 2 else yuan[:2]
        charts[f"chart-{index:03d}"] = {
            "title": {"zh": f"协议投资对比（{index + 1}）", "en": f"Agreed investment compared ({index + 1})"},
            "description": {"zh": "各项目的协议投资额。", "en": "Agreed investment of each project."},
            "topics": ["investment"],
            "bars": [{"figure": key, "label": {"zh": f"项目{n + 1}", "en": f"Project {n + 1}"}}
                     for n, key in enumerate(bars)]}
    return charts


def _glossary(prose: Prose, count: int) -> dict[str, dict[str, Any]]:
    return {f"term-{index:04d}": {"zh": OBJECTS[index % len(OBJECTS)][0], "en": OBJECTS[index % len(OBJECTS)][1],
                                  "explanation": _pair(prose, 1)} for index in range(count)}


def _pages(folder: Path, prose: Prose, keys: list[str]) -> None:
    pages = folder / "pages"
    about_zh, about_en = prose.body(keys[0], zh_chars=300, en_words=150)
    links_zh = "、".join(f"[条目{n + 1}](entry:{key})" for n, key in enumerate(keys[:5]))
    links_en = ", ".join(f"[entry {n + 1}](entry:{key})" for n, key in enumerate(keys[:5]))
    overview_zh, overview_en = prose.body(keys[-1])
    _write_entry(pages, "about", "pages", {"title": "关于本简报", "summary": "基准测试用的合成内容。"},
                 {"title": "About this briefing", "summary": "Synthetic content for benchmarks."}, about_zh, about_en)
    _write_entry(pages, "overview", "pages", {"title": "三分钟概览"}, {"title": "The three-minute overview"},
                 f"先读这些：{links_zh}。\n\n{overview_zh}", f"Start with {links_en}.\n\n{overview_en}")
