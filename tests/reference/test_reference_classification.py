"""Exact lookups in the packaged classification lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgetlens.model.table import Level, Scheme
from budgetlens.reference import classification as c
from budgetlens.reference.classification import EditKind

F, D, G = Scheme.FUNCTION, Scheme.ECON_DEPT, Scheme.ECON_GOV


def test_medical_security_item() -> None:
    entry = c.lookup("2101506", 2023, F)
    assert entry is not None
    assert entry.name == "医疗保障经办事务"
    assert entry.level is Level.ITEM
    assert entry.parent == "21015"
    assert entry.valid_from == 2019
    assert entry.valid_to is None
    assert entry.attested


def test_section_and_class_levels() -> None:
    section = c.lookup("21015", 2019, F)
    assert section is not None
    assert (section.name, section.level, section.parent) == ("医疗保障管理事务", Level.SECTION, "210")
    klass = c.lookup("210", 2025, F)
    assert klass is not None
    assert (klass.name, klass.level, klass.parent) == ("卫生健康支出", Level.CLASS, None)


def test_pension_contribution_items() -> None:
    assert c.lookup("2080505", 2024, F) == c.lookup("2080505", 2019, F)
    basic = c.lookup("2080505", 2024, F)
    annuity = c.lookup("2080506", 2024, F)
    assert basic is not None and annuity is not None
    assert basic.name == "机关事业单位基本养老保险缴费支出"
    assert annuity.name == "机关事业单位职业年金缴费支出"
    assert basic.parent == annuity.parent == "20805"


def test_renamed_section_by_year() -> None:
    old = c.lookup("20805", 2020, F)
    new = c.lookup("20805", 2021, F)
    assert old is not None and new is not None
    assert old.name == "行政事业单位离退休"
    assert (old.valid_from, old.valid_to) == (2019, 2020)
    assert new.name == "行政事业单位养老支出"
    assert (new.valid_from, new.valid_to) == (2021, None)
    assert [e.name for e in c.history("20805", F)] == ["行政事业单位离退休", "行政事业单位养老支出"]
    assert c.lookup("2080504", 2020, F) is not None
    assert c.lookup("2080504", 2021, F) is None


def test_validity_window_of_special_bonds_class() -> None:
    assert c.lookup("234", 2019, F) is None
    entry = c.lookup("234", 2020, F)
    assert entry is not None and entry.name == "抗疫特别国债安排的支出"
    assert entry.approximate
    # kept after 2021: the 2024 final-account template and 2025 budgets print it
    assert (entry.valid_from, entry.valid_to) == (2020, None)
    assert c.years_valid("234", F) == (2020, 2021, 2022, 2023, 2024, 2025, 2026)


def test_uncovered_years_and_unknown_codes() -> None:
    assert c.lookup("2101506", 2018, F) is None
    assert c.lookup("2101506", 2027, F) is None
    assert c.lookup("2101507", 2023, F) is None
    assert c.lookup("9999999", 2023, F) is None
    assert c.lookup("2101506", 2023, D) is None
    assert not c.exists("21019", 2023, F)
    assert c.exists(" ２１０１５０６ ", 2023, F)
    assert list(c.years_covered(F)) == [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]
    assert list(c.years_covered(Scheme.NONE)) == []


def test_government_economic_classes() -> None:
    e509 = c.lookup("509", 2023, G)
    e503 = c.lookup("503", 2023, G)
    assert e509 is not None and e503 is not None
    assert e509.name == "对个人和家庭的补助"
    assert e503.name == "机关资本性支出（一）"
    assert c.lookup("50102", 2023, G) is not None
    assert c.lookup("50102", 2023, G).name == "社会保障缴费"  # type: ignore[union-attr]
    assert c.lookup("51002", 2024, G).name == "对社会保险基金补助"  # type: ignore[union-attr]


def test_department_economic_sections() -> None:
    assert c.lookup("30101", 2021, D).name == "基本工资"  # type: ignore[union-attr]
    assert c.lookup("30239", 2023, D).name == "其他交通费用"  # type: ignore[union-attr]
    assert c.lookup("313", 2024, D).name == "对社会保障基金补助"  # type: ignore[union-attr]
    assert c.lookup("31302", 2024, D).parent == "313"  # type: ignore[union-attr]
    assert c.lookup("3010101", 2024, D) is None


def test_path() -> None:
    assert [e.name for e in c.path("2101301", 2023, F)] == ["卫生健康支出", "医疗救助", "城乡医疗救助"]
    assert [e.code for e in c.path("2101301", 2023, F)] == ["210", "21013", "2101301"]
    assert [e.level for e in c.path("30216", 2023, D)] == [Level.CLASS, Level.SECTION]
    assert c.path("2101399", 2023, F)[-1].name == "其他医疗救助支出"
    assert c.path("2109988", 2023, F) == []


def test_children() -> None:
    assert [e.code for e in c.children("21013", 2023, F)] == ["2101301", "2101302", "2101399"]
    assert [e.code for e in c.children("501", 2023, G)] == ["50101", "50102", "50103", "50199"]


@pytest.mark.parametrize(
    ("code", "name", "scheme"),
    [
        ("208", "社会保障和就业（类）支出", F),
        ("208", "社会保障和就业支出", F),
        ("208", "社会保障和就业", F),
        ("2101506", " 医疗保障经办事务 ", F),
        ("2101506", "其中：医疗保障经办事务", F),
        ("2101506", "2101506 医疗保障经办事务", F),
        ("20103", "政府办公厅(室)及相关机构事务", F),
        ("2100202", "中医(民族)医院", F),
        ("30213", "维修(护)费", D),
        ("30212", "因公出国(境)费用", D),
        ("503", "机关资本性支出(一)", G),
        ("2013899", "其他市场监督管理事务支出", F),
        ("2130508", "三西农业建设专项补助", F),
    ],
)
def test_name_matches_tolerates_print_variants(code: str, name: str, scheme: Scheme) -> None:
    assert c.name_matches(code, name, 2023, scheme)


def test_name_matches_rejects() -> None:
    assert not c.name_matches("2101506", "医疗保障政策管理", 2023, F)
    assert not c.name_matches("2101506", "", 2023, F)
    assert not c.name_matches("2101599", "医疗保障经办事务", 2023, F)
    assert not c.name_matches("503", "机关资本性支出(二)", 2023, G)
    assert not c.name_matches("9999999", "行政运行", 2023, F)
    # an old name is wrong for the year, but accepted when any covered year is allowed
    assert not c.name_matches("20805", "行政事业单位离退休", 2023, F)
    assert c.name_matches("20805", "行政事业单位离退休", 2023, F, any_year=True)
    assert c.name_matches("20805", "行政事业单位离退休", 2020, F)


def test_find_by_name() -> None:
    found = c.find_by_name("医疗保障经办事务", 2023, F)
    assert [e.code for e in found] == ["2101506"]
    housing = c.find_by_name("住房公积金", 2023, F)
    assert [e.code for e in housing] == ["2210201"]
    assert [e.code for e in c.find_by_name("住房公积金", 2023, D)] == ["30113"]
    assert [e.code for e in c.find_by_name("住房公积金", 2023, G)] == ["50103"]
    admin = c.find_by_name("行政运行", 2023, F, level=Level.ITEM)
    assert "2101501" in [e.code for e in admin]
    assert all(e.code.endswith("01") for e in admin)
    assert c.find_by_name("行政运行", 2023, F, level=Level.SECTION) == []
    assert [e.code for e in c.find_by_name("行政事业单位养老支出", 2020, F)] == []
    assert [e.code for e in c.find_by_name("行政事业单位养老", 2021, F)] == ["20805"]


def test_similar_codes() -> None:
    swapped = c.similar_codes("2101056", 2023, F)
    assert [(s.entry.code, s.kind) for s in swapped] == [("2101506", EditKind.TRANSPOSITION)]
    dropped = c.similar_codes("210156", 2023, F)
    assert [(s.entry.code, s.kind) for s in dropped] == [
        ("2101506", EditKind.OMISSION),
        ("21015", EditKind.INSERTION),
        ("21016", EditKind.INSERTION),
    ]
    one_off = c.similar_codes("50104", 2023, G)
    assert [s.entry.code for s in one_off if s.kind is EditKind.SUBSTITUTION] == [
        "50101", "50102", "50103", "50204", "50404", "50804", "51104",
    ]
    assert all(s.entry.code != "2101506" for s in c.similar_codes("2101506", 2023, F))
    assert c.similar_codes("abc", 2023, F) == []


def test_scheme_of_code() -> None:
    assert c.scheme_of_code("2101506") is F
    assert c.scheme_of_code("210") is F
    assert c.scheme_of_code("30101") is D
    assert c.scheme_of_code("509") is G
    assert c.scheme_of_code("3010101") is Scheme.NONE
    assert c.scheme_of_code("410002") is Scheme.NONE
    assert c.scheme_of_code("2101") is Scheme.NONE
    assert c.scheme_of_code("基本工资") is Scheme.NONE
    assert c.level_of_code("21015") is Level.SECTION
    assert c.level_of_code("2101") is None


def test_econ_dept_to_gov() -> None:
    expected = {
        "30101": "50101",
        "30108": "50102",
        "30113": "50103",
        "30201": "50201",
        "30216": "50203",
        "30217": "50206",
        "30305": "50901",
        "31302": "51002",
    }
    for dept, gov in expected.items():
        entry = c.econ_dept_to_gov(dept, 2023)
        assert entry is not None and entry.code == gov, dept
    assert c.econ_dept_to_gov("301", 2023).code == "501"  # type: ignore[union-attr]
    assert c.econ_dept_to_gov("303", 2023).code == "509"  # type: ignore[union-attr]
    assert c.econ_dept_to_gov("30101", 2023, institution=True).code == "50501"  # type: ignore[union-attr]
    assert c.econ_dept_to_gov("302", 2023, institution=True).code == "505"  # type: ignore[union-attr]
    assert c.econ_dept_to_gov("30305", 2023, institution=True).code == "50901"  # type: ignore[union-attr]
    assert c.econ_dept_to_gov("31001", 2023) is None  # capital outlays: not sourced
    assert c.econ_dept_to_gov("30107", 2023) is None  # 绩效工资 is paid by 事业单位 only
    assert c.econ_dept_to_gov("39999", 2018) is None
    social = c.econ_gov_to_dept("50102", 2023)
    assert [e.code for e in social] == ["30108", "30109", "30110", "30111", "30112"]
    assert c.econ_gov_to_dept("501", 2023) == []


def test_packaged_lists_are_consistent() -> None:
    for scheme in (F, D, G):
        for year in c.years_covered(scheme):
            for entry in c.entries(year, scheme):
                assert entry.level is c.level_of_code(entry.code)
                if entry.parent is not None:
                    parent = c.lookup(entry.parent, year, scheme)
                    assert parent is not None, (entry.code, year)
    counts = {s: sum(1 for _ in c.entries(2023, s)) for s in (F, D, G)}
    assert counts == {F: 1523, D: 110, G: 82}
    assert sum(1 for _ in c.entries(2023, F, Level.CLASS)) == 29


# --------------------------------------------------------------------------- real disclosures

_CODE = re.compile(r"\d{3}|\d{5}|\d{7}")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _coded_rows(text: str) -> list[tuple[str, str]]:
    """(code, name) pairs of table rows: code then name, tab-separated or one cell a line."""
    lines = [line.strip() for line in text.splitlines()]
    pairs: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        fields = [f.strip() for f in line.split("\t") if f.strip()]
        if not fields or not _CODE.fullmatch(fields[0]):
            continue
        if len(fields) > 1:
            name, rest = fields[1], fields[2:]
        else:
            name, rest = next((x for x in lines[i + 1 :] if x), ""), []
        if not _HAN.search(name) or re.search(r"\d", name):
            continue
        pairs.append((fields[0], name))
        if len(rest) >= 2 and re.fullmatch(r"5\d{4}", rest[0]):
            pairs.append((rest[0], rest[1]))
    return pairs


def _seed(seeds_dir: Path, prefix: str) -> str:
    return next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize(("prefix", "year", "expected"), [("001", 2023, 33), ("003", 2024, 45)])
def test_seed_codes_are_official_for_their_year(
    seeds_dir: Path, prefix: str, year: int, expected: int
) -> None:
    pairs = {
        (code, name) for code, name in _coded_rows(_seed(seeds_dir, prefix))
        if c.scheme_of_code(code) is not Scheme.NONE
    }
    assert len({code for code, _ in pairs}) == expected
    for code, name in sorted(pairs):
        scheme = c.scheme_of_code(code)
        assert c.exists(code, year, scheme), code
        assert c.name_matches(code, name, year, scheme), (code, name)


def test_seed_economic_crosswalk(seeds_dir: Path) -> None:
    text = _seed(seeds_dir, "003")
    seen = 0
    for line in text.splitlines():
        fields = [f.strip() for f in line.split("\t") if f.strip()]
        if len(fields) > 3 and re.fullmatch(r"3\d{4}", fields[0]) and re.fullmatch(r"5\d{4}", fields[2]):
            gov = c.econ_dept_to_gov(fields[0], 2024)
            assert gov is not None and gov.code == fields[2], fields[:4]
            seen += 1
    assert seen == 28
