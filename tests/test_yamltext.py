"""yamltext: YAML with the line of every value, refusing what PyYAML would accept silently."""

from __future__ import annotations

import time

import pytest

from site_builder.content.yamltext import YamlError, dotted, field_path, parse_yaml


def test_values_are_plain_python_and_dates_stay_text():
    located = parse_yaml("date: 2023-10-20\nyear: 2023\nvalue: 3106亿\nflag: true\nitems: [a, b]\n")
    assert located.value == {"date": "2023-10-20", "year": 2023, "value": "3106亿", "flag": True,
                             "items": ["a", "b"]}


def test_lines_are_recorded_for_every_value():
    text = ("title: 标题\nsource:\n  outlet: zhengzhi\n  authors:\n    - {zh: 董鑫, en: Dong Xin}\n"
            "key_points:\n  - 一\n  - 二\n")
    located = parse_yaml(text)
    assert located.line_of(("title",)) == 1
    assert located.line_of(("source", "outlet")) == 3
    assert located.line_of(("source", "authors", 0, "en")) == 5
    assert located.line_of(("key_points", 1)) == 8


def test_first_line_offsets_lines_for_front_matter():
    # Front matter starts on line 2 of its file, after the opening '---'.
    located = parse_yaml("title: x\ndate: 2023\n", first_line=2)
    assert located.line_of(("title",)) == 2
    assert located.line_of(("date",)) == 3


def test_line_of_a_missing_value_falls_back_to_its_parent():
    located = parse_yaml("a: 1\nsource:\n  outlet: x\n")
    assert located.line_of(("source", "headline")) == located.line_of(("source",))
    assert located.line_of(("nothing", "here")) == 1


def test_empty_document_is_none():
    assert parse_yaml("# only a comment\n").value is None


def test_duplicate_key_is_an_error_with_both_lines():
    with pytest.raises(YamlError) as caught:
        parse_yaml("title: 一\nsummary: 二\ntitle: 三\n", first_line=2)
    error = caught.value
    assert (error.line, error.field, error.message, error.hint) == (
        4, "title", "duplicate key 'title' (first given on line 2)", "keep one of them")


def test_duplicate_nested_key_names_the_dotted_field():
    with pytest.raises(YamlError) as caught:
        parse_yaml("source:\n  outlet: a\n  outlet: b\n")
    assert (caught.value.line, caught.value.field) == (3, "source.outlet")


def test_alias_is_refused():
    with pytest.raises(YamlError) as caught:
        parse_yaml("a: &x 1\nb: *x\n")
    error = caught.value
    assert error.message == "YAML anchors and aliases (&name / *name) are not allowed"
    assert error.hint == "write the value out in full"
    assert error.field == "b"


def test_alias_error_points_at_the_alias():
    with pytest.raises(YamlError) as caught:
        parse_yaml("a: &x\n  zh: 一\nb: 2\nc: *x\n", first_line=2)
    assert (caught.value.line, caught.value.field) == (5, "c")


def test_block_values_are_placed_on_their_key_line():
    # Errors about a field (unknown, duplicate, wrong count) must point at "field:", not the line below it.
    located = parse_yaml("key_points:\n  - 一\n  - 二\nsource:\n  outlet: x\n", first_line=2)
    assert located.line_of(("key_points",)) == 2
    assert located.line_of(("key_points", 1)) == 4
    assert located.line_of(("source",)) == 5
    assert located.line_of(("source", "outlet")) == 6


def test_duplicate_block_key_names_the_first_key_line():
    with pytest.raises(YamlError) as caught:
        parse_yaml("energy:\n  name: 能源\nenergy:\n  name: 能源\n")
    assert (caught.value.line, caught.value.message) == (3, "duplicate key 'energy' (first given on line 1)")


def test_merge_key_is_refused():
    with pytest.raises(YamlError) as caught:
        parse_yaml("base: {a: 1}\nother:\n  <<: {a: 2}\n")
    assert caught.value.message == "YAML merge keys (<<) are not allowed"
    assert caught.value.line == 3


def test_tab_indentation_is_explained():
    with pytest.raises(YamlError) as caught:
        parse_yaml("name:\n  zh: 能源\n\ten: Energy\n", first_line=2)
    error = caught.value
    assert error.message == "a tab is used for indentation; YAML allows only spaces"
    assert error.hint == "indent with spaces"
    assert error.line == 4


def test_unquoted_colon_gets_a_hint():
    with pytest.raises(YamlError) as caught:
        parse_yaml("title: 孙绍骋: 深化合作\n")
    assert caught.value.message.startswith("invalid YAML: mapping values are not allowed")
    assert caught.value.hint == "a value that contains ': ' must be quoted"
    assert caught.value.line == 1


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 12):
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    started = time.perf_counter()
    with pytest.raises(YamlError) as caught:
        parse_yaml("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert "aliases" in caught.value.message


@pytest.mark.parametrize(("text", "message", "hint"), [
    ("a: !foo 1", "YAML tags are not allowed (!foo)", "remove the tag, or quote the value"),
    ("a: !!python/name:os.system", "YAML tags are not allowed (!!python/name:os.system)",
     "remove the tag, or quote the value"),
    ("a:\n  b: !!set {x}", "YAML tags are not allowed (!!set)", "remove the tag"),
    ("a: !!int x", "invalid value: invalid literal for int() with base 10: 'x'", "quote the value"),
])
def test_tags_and_values_no_type_fits_are_refused_at_their_line(text, message, hint):
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.message, caught.value.hint) == (text.count("\n") + 1, message, hint)


def test_a_lone_equals_sign_is_text():
    assert parse_yaml("a: =").value == {"a": "="}


@pytest.mark.parametrize("path", [("a",), ("source", "authors", 0, "zh"), ("figure-1", "entries", 2), ("x", 3, 4)])
def test_field_path_reads_back_what_dotted_writes(path):
    assert field_path(dotted(path)) == path
