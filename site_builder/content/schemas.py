"""The schemas of site.yaml, each data kind and each entry kind, per language."""

from __future__ import annotations

from typing import Any

from site_builder.content.dates import DateFormatError, parse_partial_date
from site_builder.content.languages import FILE_LANGUAGES, HANT, LANGUAGES, SITE_LANGUAGES
from site_builder.content.schema import (
    Amount,
    Check,
    Choice,
    Count,
    Date,
    Field,
    FieldType,
    Key,
    ListOf,
    Localized,
    Mapping,
    PeriodType,
    Record,
    Text,
    Url,
)

SITE = Record(
    Field("title", Localized(120), doc="网站标题 — site title"),
    Field("tagline", Localized(300), doc="副标题 — tagline"),
    Field("description", Localized(600), doc="简介（用于搜索引擎） — description for search engines"),
    Field("languages", ListOf(Choice(*SITE_LANGUAGES), 2, 3),
          doc="语言 — languages, [zh, en], or [zh, zh-Hant, en] with the Traditional Chinese edition"),
    Field("default_language", Choice("zh"), doc="默认语言 — default language, zh"),
    Field("base_url", Url(), doc="发布地址 — URL the site is published at"),
    Field("lead_figures", ListOf(Key("figures"), 1, 6), required=False,
          doc="首页开头的合作数据（figures/ 中的键） — the cooperation figures the home page leads with"),
    Field("essentials", ListOf(Localized(400), 3, 5), required=False,
          doc="首页“须知要点”，3–5句 — the home page's 'what you need to know', 3–5 sentences"),
    Field("list_page_size", Count(1, 10000), required=False,
          doc="列表每页最多条数，超过即分页或按年拆分（默认100） — the most items a list page shows before the list "
              "is split into numbered or yearly pages (default 100)"),
    rule=lambda value, path, result: _written_languages(value, path, result),
)

TOPIC = Record(
    Field("name", Localized(60), doc="名称 — name"),
    Field("description", Localized(600), doc="简介 — short description"),
)

PERSON = Record(
    Field("name", Localized(80), doc="姓名（英文用拼音，姓在前） — name (pinyin, surname first)"),
    Field("role", Localized(300), doc="职务（按来源所写） — role as the sources give it"),
    Field("kind", Choice("official", "expert", "deputy", "cppcc-member", "business", "journalist"), doc="类别 — kind"),
)

OUTLET = Record(
    Field("name", Localized(120), doc="媒体名称 — outlet name"),
    Field("kind", Choice("newspaper", "news-agency", "magazine", "new-media"), doc="类别 — kind"),
    Field("url", Url(), required=False, doc="网址 — home page"),
)


class EnglishUnit(FieldType):
    """An English unit word, or its singular and plural forms."""

    description = "text, or {one: project, other: projects}"

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        if isinstance(value, dict):
            Record(Field("one", Text(40)), Field("other", Text(40))).check(value, path, result)
        else:
            Text(40).check(value, path, result)


class ScaleList(FieldType):
    """English scales that replace million/billion, largest first: [[1000000, GW], [1000, MW]]."""

    description = "list of [factor, symbol]"

    def check(self, value: Any, path: tuple[Any, ...], result: Check) -> None:
        if not isinstance(value, list) or not value:
            result.fail(path, "expected a list of [factor, symbol], e.g. [[1000000, GW], [1000, MW]]")
            return
        for index, pair in enumerate(value):
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], int)
                    and not isinstance(pair[0], bool) and pair[0] > 0 and isinstance(pair[1], str)):
                result.fail(path + (index,), "expected [factor, symbol], e.g. [1000000, GW]")


UNIT = Record(
    Field("zh", Text(20), doc="中文单位（前面加万/亿） — Chinese unit word, scaled with 万/亿"),
    Field("en", EnglishUnit(), doc="英文单位 — English unit, or {one:, other:} for plurals"),
    Field("en_scales", ScaleList(), required=False,
          doc="英文用的单位换算，如 [[1000000, GW]] — English SI scales instead of million/billion"),
    Field("scaled", Choice(True, False), required=False, doc="是否按万/亿换算（百分比为 false） — scale at all"),
)

EVENT = Record(
    Field("date", Date(), doc="日期，精确到来源给出的程度 — date, as precise as the source"),
    Field("entries", ListOf(Key("entries"), 1), doc="报道此事的条目（第一个为主） — entries reporting it"),
    Field("topics", ListOf(Key("topics"), 1), doc="专题 — topics"),
    Field("text", Localized(400), doc="事件描述 — what happened"),
)


def _one_period(value: dict[str, Any], path: tuple[Any, ...], result: Check) -> None:
    if ("period" in value) == ("as_of" in value):
        result.fail(path, "give exactly one of 'period' (a flow over time) or 'as_of' (a level at a date)")


FIGURE = Record(
    Field("value", Amount(), doc="数值，按来源写法，如 3106亿 — value as written in the source"),
    Field("unit", Key("units"), doc="单位 — unit key"),
    Field("qualifier", Choice("about", "nearly", "over", "at-least", "below", "up-to"), required=False,
          doc="约/近/超过/以上/以下/最多 — qualifier"),
    Field("period", PeriodType(), required=False, doc="统计期间 — period covered"),
    Field("as_of", Date(), required=False, doc="截至日期 — date the level stands at"),
    Field("entries", ListOf(Key("entries"), 1), doc="来源条目 — source entries"),
    Field("topics", ListOf(Key("topics"), 1), doc="专题 — topics"),
    Field("label", Localized(200), doc="说明 — label"),
    Field("note", Localized(600), required=False, doc="备注 — note"),
    rule=_one_period,
)

CHART = Record(
    Field("title", Localized(120), doc="图表标题 — chart title"),
    Field("description", Localized(600), doc="文字说明（供读屏软件和无图阅读） — text description of what it shows"),
    Field("topics", ListOf(Key("topics"), 1), doc="专题 — topics"),
    Field("bars", ListOf(Record(
        Field("figure", Key("figures"), doc="数据键 — figure key"),
        Field("label", Localized(60), doc="条形的简短标签 — short bar label"),
    ), 2, 12), doc="条形，每条对应一个数据（单位须相同） — bars, one figure each, all in one unit"),
    Field("total", Record(
        Field("figure", Key("figures"), doc="合计的数据键 — figure key of the total"),
        Field("label", Localized(60), doc="合计的标签，如“合计” — its label, such as Total"),
    ), required=False,
        doc="各条形的合计：作为标注显示，不画成条形 — the bars' total, shown as a label, never as a bar"),
)

GLOSSARY = Record(
    Field("zh", Text(60), doc="中文术语 — Chinese term"),
    Field("en", Text(160), doc="本站统一使用的英文译法 — English rendering used site-wide"),
    Field("explanation", Localized(800), doc="解释 — explanation"),
)

DATA_SCHEMAS = {
    "topics": Mapping(TOPIC),
    "people": Mapping(PERSON),
    "sources": Mapping(OUTLET),
    "units": Mapping(UNIT),
    "events": Mapping(EVENT),
    "figures": Mapping(FIGURE),
    "glossary": Mapping(GLOSSARY),
    "charts": Mapping(CHART),
}

_AUTHOR = Localized(80)

QUOTE = Record(
    Field("by", Key("people"), required=False, doc="说话人 — speaker (person key)"),
    Field("speaker", Localized(120), required=False, doc="未具名说话人 — unnamed speaker"),
    Field("text", Text(300), doc="原文引语（一句以内） — exact quote, one sentence at most"),
)

CITATION_ZH = Record(
    Field("outlet", Key("sources"), doc="媒体 — outlet key"),
    Field("authors", ListOf(_AUTHOR), required=False, doc="作者 — authors"),
    Field("headline", Text(200), doc="原标题（一字不差） — original headline, exactly"),
    Field("section", Text(80), required=False, doc="版次/栏目 — page or column"),
    Field("url", Url(), required=False, doc="原文链接 — link to the original"),
    Field("original", Text(120), doc="原文的文件名 — file name of the original report"),
)

CITATION_EN = Record(Field("headline", Text(300), doc="原标题的英文译文 — English translation of the headline"))

_COMMON_TEXT = (
    Field("title", Text(200), doc="标题 — title"),
    Field("summary", Text(600), doc="摘要（一两句） — one- or two-sentence summary"),
)
_UPDATED = Field("updated", Date(), required=False,
                 doc="本条最后修订日期（不填即为 date） — when we last revised this entry (default: its date)")


def _updated_after_date(value: dict[str, Any], path: tuple[Any, ...], result: Check) -> None:
    """An entry cannot have been revised before the piece it summarises appeared."""
    try:
        date, updated = (parse_partial_date(str(value[name])) for name in ("date", "updated"))
    except (KeyError, DateFormatError):
        return  # absent or malformed: reported by the fields' own checks
    # Compared at the coarser precision: revised in 2023-10 is not before a piece of 2023-10-20.
    shared = min(len(updated.iso()), len(date.iso()))
    if updated.iso()[:shared] < date.iso()[:shared]:
        result.fail(path + ("updated",), f"{updated.iso()} is before the entry's date {date.iso()}",
                    "give the date of our last revision, on or after the date of the piece")


def _written_languages(value: dict[str, Any], path: tuple[Any, ...], result: Check) -> None:
    """The languages editors write are always built; zh-Hant is optional; none twice."""
    languages = value.get("languages")
    if not isinstance(languages, list):
        return
    for lang in LANGUAGES:
        if lang not in languages:
            result.fail(path + ("languages",), f"must include {lang}", "write [zh, en] or [zh, zh-Hant, en]")
    if len(set(map(str, languages))) < len(languages):
        result.fail(path + ("languages",), "lists a language twice", "write [zh, en] or [zh, zh-Hant, en]")


_NOTES = Field("notes", ListOf(Text(600)), required=False, doc="编者注 — editor's notes")
_TRANSLATED_FROM = Field("translated_from", Text(64), required=False,
                         doc="译自哪个版本的中文文件（由 check 工具写入） — hash of the Chinese file translated")

ARTICLE = {
    "zh": Record(
        *_COMMON_TEXT,
        Field("date", Date(), doc="原文发布日期 — publication date of the source piece"),
        Field("topics", ListOf(Key("topics"), 1), doc="专题 — topics"),
        Field("people", ListOf(Key("people")), required=False, doc="涉及人物 — people"),
        Field("source", CITATION_ZH, doc="出处 — citation"),
        Field("key_points", ListOf(Text(600), 1, 12), doc="要点 — key points"),
        Field("quotes", ListOf(QUOTE), required=False, doc="引语 — quotes"),
        _NOTES,
        _UPDATED,
        Field("draft", Choice(True, False), required=False, doc="草稿（不发布） — draft, not published"),
        rule=_updated_after_date,
    ),
    "en": Record(
        *_COMMON_TEXT,
        Field("source", CITATION_EN, doc="出处（英文） — citation, English part"),
        Field("key_points", ListOf(Text(600), 1, 12), doc="要点 — key points"),
        Field("quotes", ListOf(Text(600)), required=False, doc="引语译文 — quote translations"),
        _NOTES,
        _TRANSLATED_FROM,
    ),
    # A hand-made Traditional Chinese text (KEY.zh-Hant.md) replaces the converted one; its headline is optional.
    HANT: Record(
        *_COMMON_TEXT,
        Field("source", CITATION_EN, required=False, doc="出处（繁体原标题） — the headline in Traditional Chinese"),
        Field("key_points", ListOf(Text(600), 1, 12), doc="要点 — key points"),
        Field("quotes", ListOf(Text(600)), required=False, doc="引语（繁体） — the quotes in Traditional Chinese"),
        _NOTES,
        _TRANSLATED_FROM,
    ),
}

VIEWPOINT = {
    "zh": Record(
        *_COMMON_TEXT,
        Field("date", Date(), doc="观点发表日期 — date of the piece"),
        Field("person", Key("people"), doc="观点提出者 — whose view"),
        Field("article", Key("articles"), doc="出自哪篇文章条目 — article entry it comes from"),
        Field("topics", ListOf(Key("topics"), 1), doc="专题 — topics"),
        Field("points", ListOf(Text(600), 3, 7), doc="论点（3-7条） — argument, 3-7 points"),
        Field("quotes", ListOf(QUOTE), required=False, doc="引语 — quotes"),
        _NOTES,
        _UPDATED,
        Field("draft", Choice(True, False), required=False, doc="草稿（不发布） — draft, not published"),
        rule=_updated_after_date,
    ),
    "en": Record(
        *_COMMON_TEXT,
        Field("points", ListOf(Text(600), 3, 7), doc="论点 — points"),
        Field("quotes", ListOf(Text(600)), required=False, doc="引语译文 — quote translations"),
        _NOTES,
        _TRANSLATED_FROM,
    ),
    HANT: Record(
        *_COMMON_TEXT,
        Field("points", ListOf(Text(600), 3, 7), doc="论点 — points"),
        Field("quotes", ListOf(Text(600)), required=False, doc="引语（繁体） — the quotes in Traditional Chinese"),
        _NOTES,
        _TRANSLATED_FROM,
    ),
}

PAGE = {
    lang: Record(
        Field("title", Text(200), doc="标题 — title"),
        Field("summary", Text(600), required=False, doc="摘要 — summary"),
        *((_TRANSLATED_FROM,) if lang != "zh" else ()),
    )
    for lang in FILE_LANGUAGES
}

ENTRY_SCHEMAS = {"articles": ARTICLE, "viewpoints": VIEWPOINT, "pages": PAGE}

# Fields of an English file that must match the Chinese file in number, item for item.
PARALLEL_LISTS = ("key_points", "points", "quotes", "notes")
