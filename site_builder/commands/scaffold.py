"""`build.py new`: write both language files of a new entry, every field present and explained."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from site_builder.content.load import KEY_PATTERN, key_hint, load_content, load_entry_file
from site_builder.content.translations import fingerprint, stamp_translation


class UsageError(ValueError):
    """The command was asked for something it cannot do."""


_ARTICLE_ZH = """\
---
# 草稿：填写完毕后删除这一行即可发布（草稿用 python build.py serve 或 build --drafts 预览）
draft: true
# 标题：我们自己写的中文标题（不是原标题）
title: 待填写：文章标题
# 原文发布日期：YYYY-MM-DD，只知道月份写 YYYY-MM，只知道年份写 YYYY
date: {today}
# 本条修订后写上修订日期（不早于 date）；未修订就不写：页面显示 date 作为“最后更新”
# updated: YYYY-MM-DD
# 专题（topics/ 中的键，至少一个）
topics: [{topic}]
# 涉及人物（people/ 中的键，可留空）
people: []
# 出处
source:
  outlet: {outlet}   # 媒体（sources/ 中的键）
  authors: []                    # 作者，如 - {{zh: 董鑫, en: Dong Xin}}
  headline: 待填写：原标题，一字不差
  original: 待填写：原文的文件名
# 一两句话的摘要（用于列表和搜索引擎）
summary: 待填写：摘要。
# 要点：用我们自己的话，每条一句
key_points:
  - 待填写：要点一。
# 引语：一句以内，与原文一字不差；by 为人物键
quotes: []
# 编者注：如“今年”指哪一年、来源之间的出入
notes: []
---
待填写：正文，用我们自己的话概述原文。链接其他条目的写法（entry: 后接条目键）：[相关报道](entry:{article})。
"""

_ARTICLE_EN = """\
---
# The English title
title: "To do: article title"
# One or two sentences
summary: "To do: summary."
source:
  # English translation of the original headline
  headline: "To do: headline in English"
# The key points, translated one for one, in the same order as the Chinese file
key_points:
  - "To do: point one."
# Translations of the Chinese quotes, in the same order
quotes: []
# Translations of the Chinese notes, in the same order
notes: []
---
To do: the body in English.
"""

_VIEWPOINT_ZH = """\
---
# 草稿：填写完毕后删除这一行即可发布
draft: true
# 标题：概括此人观点
title: 待填写：观点标题
# 观点发表日期
date: {today}
# 本条修订后写上修订日期（不早于 date）；未修订就不写：页面显示 date 作为“最后更新”
# updated: YYYY-MM-DD
# 观点提出者（people/ 中的键）
person: {person}
# 出自哪篇文章条目（articles/ 中的键）
article: {article}
# 专题
topics: [{topic}]
# 一句话概括
summary: 待填写：摘要。
# 论点：3-7条，用我们自己的话
points:
  - 待填写：论点一。
  - 待填写：论点二。
  - 待填写：论点三。
# 引语（by 默认为本人）
quotes: []
notes: []
---
"""

_VIEWPOINT_EN = """\
---
title: "To do: viewpoint title"
summary: "To do: summary."
# The points, translated one for one
points:
  - "To do: point one."
  - "To do: point two."
  - "To do: point three."
quotes: []
notes: []
---
"""

TEMPLATES = {
    "article": ("articles", _ARTICLE_ZH, _ARTICLE_EN),
    "viewpoint": ("viewpoints", _VIEWPOINT_ZH, _VIEWPOINT_EN),
}


def scaffold_entry(content_dir: Path, kind: str, key: str, today: datetime.date | None = None) -> list[Path]:
    """Write KEY.zh.md and KEY.en.md, refusing to overwrite anything."""
    if not KEY_PATTERN.match(key):
        raise UsageError(f"'{key}' is not a valid key: {key_hint(key)}")
    folder_name, chinese, english = TEMPLATES[kind]
    folder = content_dir / folder_name
    paths = [folder / f"{key}.zh.md", folder / f"{key}.en.md"]
    for path in paths:
        if path.exists():
            raise UsageError(f"{path} exists already")
    defaults = _existing_keys(content_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (today or datetime.date.today()).isoformat()
    paths[0].write_text(chinese.format(today=stamp, **defaults), encoding="utf-8")
    paths[1].write_text(english, encoding="utf-8")
    # The English placeholder is a translation of the Chinese placeholder: stamp it, so that
    # editing the Chinese later flags the English as out of date.
    problems: list[Any] = []
    source = load_entry_file(paths[0], folder_name, problems)
    if source is not None:
        stamp_translation(paths[1], fingerprint(source))
    return paths


def _existing_keys(content_dir: Path) -> dict[str, str]:
    """Pick real keys from the content so that the new files are valid as written."""
    tree = load_content(content_dir)
    keys: dict[str, list[str]] = {kind: [] for kind in ("topics", "sources", "people")}
    for data_file in tree.data:
        if data_file.kind in keys:
            keys[data_file.kind].extend(sorted(data_file.data.value))
    articles = sorted((str(e.meta.value.get("date", "")), e.key) for e in tree.entries
                      if e.kind == "articles" and e.lang == "zh" and not e.meta.value.get("draft"))
    missing = [kind for kind, found in keys.items() if not found] + ([] if articles else ["articles"])
    if missing:
        raise UsageError(f"the content has no {', '.join(missing)} yet; add them first")
    return {"topic": keys["topics"][0], "outlet": keys["sources"][0], "person": keys["people"][0],
            "article": articles[-1][1]}
