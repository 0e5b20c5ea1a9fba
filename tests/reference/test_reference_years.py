"""For each covered year, a sample of codes and names asserted exactly, including the changes
of issue 16 (additions, renames, codes that other departments print), and the rebuild path."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import pytest

from budgetlens.model.table import Scheme
from budgetlens.reference import classification as c
from budgetlens.reference import rebuild, stats

F, D, G = Scheme.FUNCTION, Scheme.ECON_DEPT, Scheme.ECON_GOV
EVIDENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference-evidence" / "codes_printed.tsv"

SAMPLES: dict[int, list[tuple[str, str, Scheme]]] = {
    2019: [("20805", "行政事业单位离退休", F), ("2080501", "归口管理的行政单位离退休", F), ("21305", "扶贫", F),
           ("2040410", "检察监督", F), ("2040504", "案件审判", F), ("21208", "国有土地使用权出让收入及对应专项债务收入安排的支出", F),
           ("2240106", "安全监管", F), ("30311", "代缴社会保险费", D)],
    2020: [("20805", "行政事业单位离退休", F), ("2080504", "未归口管理的行政单位离退休", F), ("234", "抗疫特别国债安排的支出", F),
           ("21208", "国有土地使用权出让收入安排的支出", F), ("2210108", "老旧小区改造", F), ("2130550", "扶贫事业机构", F)],
    2021: [("20805", "行政事业单位养老支出", F), ("2080501", "行政单位离退休", F), ("21305", "巩固脱贫攻坚成果衔接乡村振兴", F),
           ("2130507", "贷款奖补和贴息", F), ("2296011", "用于巩固脱贫攻坚成果衔接乡村振兴的彩票公益金支出", F),
           ("31304", "对机关事业单位职业年金的补助", D), ("2120814", "农业生产发展支出", F)],
    2022: [("2050702", "专门学校教育", F), ("2210110", "保障性租赁住房", F), ("20830", "财政代缴社会保险费支出", F),
           ("2111101", "生态环境监测与信息", F), ("21505", "工业和信息产业监管", F), ("50999", "其他对个人和家庭的补助", G)],
    2023: [("21016", "老龄卫生健康事务", F), ("21006", "中医药", F), ("20822", "大中型水库移民后期扶持基金支出", F),
           ("2101506", "医疗保障经办事务", F), ("2013804", "市场主体管理", F), ("22303", "国有企业政策性补贴", F)],
    2024: [("20139", "社会工作事务", F), ("22006", "耕地保护考核奖惩基金支出", F), ("2300412", "自然资源海洋气象等", F),
           ("21017", "中医药事务", F), ("2013804", "经营主体管理", F), ("234", "抗疫特别国债安排的支出", F),
           ("2059802", "高等教育", F), ("21372", "大中型水库移民后期扶持基金支出", F), ("2080209", "老龄事务", F),
           ("2040607", "公共法律服务", F), ("2200150", "事业运行", F), ("30311", "代缴社会保险费", D)],
    2025: [("20140", "信访事务", F), ("2014004", "信访业务", F), ("21505", "工业和信息产业", F),
           ("2170404", "中央金融机构注资特别国债支出", F), ("22911", "中央金融机构注资特别国债财务基金支出", F),
           ("23107", "中央金融机构注资特别国债还本支出", F), ("2100410", "突发公共卫生事件应急处置", F),
           ("2111101", "生态环境监测与信息", F), ("2110108", "应对气候变化管理事务", F), ("234", "抗疫特别国债安排的支出", F)],
    2026: [("20402", "公安", F), ("2040201", "行政运行", F), ("2040220", "执法办案", F), ("20406", "司法", F),
           ("2040607", "公共法律服务", F), ("21401", "公路水路运输", F), ("2140101", "行政运行", F),
           ("2129999", "其他城乡社区支出", F), ("22001", "自然资源事务", F), ("2200150", "事业运行", F),
           ("21508", "支持中小企业发展和管理支出", F), ("21219", "国有土地使用权出让收入对应专项债务收入安排的支出", F),
           ("22402", "消防救援事务", F), ("20709", "旅游发展基金支出", F), ("2070904", "地方旅游开发项目补助", F),
           ("20141", "数据事务", F), ("2210111", "配租型住房保障", F), ("2080701", "就业创业服务补助", F),
           ("31206", "其他资本性补助", D), ("39909", "经常性赠与", D), ("59910", "资本性赠与", G)],
}


@pytest.mark.parametrize("year", sorted(SAMPLES))
def test_sample_names_by_year(year: int) -> None:
    got = [(code, e.name if (e := c.lookup(code, year, scheme)) else None, scheme) for code, _, scheme in SAMPLES[year]]
    assert got == SAMPLES[year]


def test_additions_start_in_their_year() -> None:
    assert c.years_valid("22006", F) == (2024, 2025, 2026)  # 财政部 2024-03-29 增补
    assert c.years_valid("2300412", F) == (2024, 2025, 2026)
    assert c.years_valid("2170404", F) == (2025, 2026)  # 财预〔2025〕41号
    assert c.years_valid("20139", F) == (2024, 2025, 2026)
    assert c.years_valid("2080504", F) == (2019, 2020)
    assert c.years_valid("20110", F) == (2019, 2020)
    assert c.years_valid("2040405", F) == ()


def test_former_names_carry_their_years() -> None:
    assert c.name_years("20805", "行政事业单位离退休", F) == (2019, 2020)
    assert c.name_years("20805", "行政事业单位养老支出", F) == (2021, 2022, 2023, 2024, 2025, 2026)
    assert not c.name_matches("20805", "行政事业单位离退休", 2025, F)
    assert c.name_years("21505", "工业和信息产业监管", F) == (2019, 2020, 2021, 2022, 2023, 2024)


def test_completeness_by_class_and_section() -> None:
    assert c.complete("2040201", 2025, F) and c.complete("20499", 2025, F)
    assert not c.complete("2200601", 2024, F)  # the notice names the 款's 项 without listing them
    assert c.partial_note("2200601", 2024, F) == "the notice creates the 款 \"and its 项\"; the 项 are not known"
    assert not c.complete("2301234", 2024, F) and not c.complete("21702", 2024, F)
    assert c.complete("2101506", 2024, F) and c.complete("2101506", 2019, F)
    assert not c.complete("2101506", 2027, F)
    assert c.complete("30311", 2024, D)
    assert not c.complete("3010201", 2026, D)  # no economic code has seven digits


def test_printing_variants_of_names() -> None:
    assert c.name_matches("303", "对个人和家庭补助", 2026, D)  # 「的」 dropped
    assert c.name_matches("2080101", "行政运行（人力资源和社会保障管理事务）", 2020, F)  # parent in brackets
    assert not c.name_matches("2080101", "行政运行（公安）", 2020, F)


def test_stats_counts() -> None:
    assert stats.counts(2024, F) == {"类": 29, "款": 241, "项": 1279, "APPROX": 233, "partial": 93}
    assert stats.counts(2019, D) == {"类": 10, "款": 99, "项": 0, "APPROX": 3, "partial": 0}
    assert stats.table().splitlines()[2].startswith("| 支出功能分类 | 2019 | 28 |")


@pytest.mark.skipif(not EVIDENCE.is_file(), reason="reference evidence (../shared) is not available")
def test_rebuild_reproduces_the_packaged_files(tmp_path: Path) -> None:
    written = rebuild.rebuild(target=tmp_path, evidence=EVIDENCE)
    assert sorted(written) == ["coverage.csv", "econ_dept_codes.csv", "econ_dept_to_gov.csv", "econ_gov_codes.csv",
                               "function_codes.csv"]
    for name in written:
        assert filecmp.cmp(tmp_path / name, rebuild.DATA / name, shallow=False), name


def test_source_syntax_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "function.txt"
    bad.write_text("@years 2019-2026\n201 一般公共服务支出\n20101 人大事务: 1 行政运行\n", encoding="utf-8")
    with pytest.raises(rebuild.SourceError, match=re.escape("function.txt:3: cannot read item '1 行政运行'")):
        rebuild.parse(bad)
