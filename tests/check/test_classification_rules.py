"""CLS rules judge only what the reference data knows (issue 16)."""

from __future__ import annotations

from budgetlens.check.finding import Severity
from budgetlens.check.rules.classification import years_text
from budgetlens.model import Scheme, TableKind

from .helpers import claim, disclosure, row, run, table, wan


def _expense(year: int, *rows: tuple[str, str], scheme: Scheme = Scheme.FUNCTION):  # type: ignore[no-untyped-def]
    t = table(TableKind.EXPENSE, [row(name, code, 合计="1.00") for code, name in rows], ["合计"], scheme=scheme)
    return disclosure(year=year, tables=[t])


def test_years_text() -> None:
    assert years_text((2019, 2020)) == "2019—2020年"
    assert years_text((2019, 2020, 2024, 2026)) == "2019—2020、2024、2026年"


def test_valid_codes_of_other_sectors_pass() -> None:
    d = _expense(2026, ("204", "公共安全支出"), ("20402", "公安"), ("2040201", "行政运行"), ("20406", "司法"),
                 ("2040607", "公共法律服务"), ("214", "交通运输支出"), ("21401", "公路水路运输"),
                 ("2140101", "行政运行"), ("220", "自然资源海洋气象等支出"), ("22001", "自然资源事务"),
                 ("2200150", "事业运行"), ("2129999", "其他城乡社区支出"), ("22402", "消防救援事务"),
                 ("20709", "旅游发展基金支出"), ("2070904", "地方旅游开发项目补助"))
    assert run(d, "CLS001") == [] and run(d, "CLS002") == []
    assert run(_expense(2024, ("20139", "社会工作事务"), ("22006", "耕地保护考核奖惩基金支出"),
                        ("234", "抗疫特别国债安排的支出")), "CLS001") == []
    assert run(_expense(2024, ("30311", "代缴社会保险费"), scheme=Scheme.ECON_DEPT), "CLS001") == []


def test_code_of_other_years_is_a_warning_naming_them() -> None:
    [f] = run(_expense(2023, ("22006", "耕地保护考核奖惩基金支出")), "CLS001")
    assert f.severity is Severity.WARNING
    assert f.message == ("《支出总表》科目编码 22006（耕地保护考核奖惩基金支出）在2023年支出功能分类中不存在，"
                         "该编码仅在2024—2026年有效")


def test_unknown_code_is_an_error_only_where_the_list_is_complete() -> None:
    [f] = run(_expense(2025, ("2040298", "某公安支出")), "CLS001")
    assert f.severity is Severity.ERROR
    assert f.message == "《支出总表》科目编码 2040298（某公安支出）在2025年支出功能分类中不存在"
    # 22006's 项 are not published in the notice, 217 was compiled without a copy: not judged
    assert run(_expense(2025, ("2200601", "某基金支出"), ("2170201", "货币发行")), "CLS001") == []


def test_former_name_is_a_warning_giving_the_current_one() -> None:
    [f] = run(_expense(2025, ("20805", "行政事业单位离退休")), "CLS002")
    assert f.severity is Severity.WARNING
    assert f.message == "《支出总表》科目 20805 在2025年的名称为「行政事业单位养老支出」，「行政事业单位离退休」是其2019—2020年的名称"
    assert f.hint == "应为「行政事业单位养老支出」"
    assert run(_expense(2020, ("20805", "行政事业单位离退休")), "CLS002") == []


def test_quoted_code_with_a_former_name_and_of_another_year() -> None:
    old = claim("行政事业单位离退休", wan("12.5"), code="20805")
    [f] = run(disclosure(year=2024, claims=[old]), "CLS003")
    assert f.severity is Severity.WARNING
    assert f.message.startswith("说明中科目 20805 在2024年的名称为「行政事业单位养老支出」")
    early = claim("耕地保护考核奖惩基金支出", wan("3"), code="22006")
    [g] = run(disclosure(year=2023, claims=[early]), "CLS003")
    assert (g.severity, g.message) == (Severity.WARNING, "说明中引用的科目编码 22006（耕地保护考核奖惩基金支出）在2023年"
                                       "支出功能分类中不存在，该编码仅在2024—2026年有效")


def test_narrative_path_checked_against_its_year() -> None:
    path = ["农林水支出", "巩固脱贫攻坚成果衔接乡村振兴", "生产发展"]
    [f] = run(disclosure(year=2020, claims=[claim("生产发展", wan("8"), path=path)]), "CLS004")
    assert f.severity is Severity.WARNING
    assert f.message == ("说明中的科目路径「农林水支出（类）巩固脱贫攻坚成果衔接乡村振兴（款）生产发展（项）」在2020年"
                         "支出功能分类中不存在，它是2021—2026年的科目路径")
    assert run(disclosure(year=2022, claims=[claim("生产发展", wan("8"), path=path)]), "CLS004") == []
    # a 类 the list does not know by that name, or a 款 known only in part: not judged
    unknown = ["某某支出", "某款"]
    partial = ["金融支出", "金融部门监管支出", "某项"]
    assert run(disclosure(year=2022, claims=[claim("x", wan("1"), path=unknown),
                                             claim("y", wan("1"), path=partial)]), "CLS004") == []


def test_section_padded_to_item_length_is_a_warning() -> None:
    [f] = run(_expense(2019, ("2121100", "农业土地开发资金安排的支出")), "CLS001")
    assert f.severity is Severity.WARNING
    assert f.message == ("《支出总表》科目编码 2121100（农业土地开发资金安排的支出）不是官方科目编码：款 21211 在2019年"
                         "没有项级科目，应列为 21211")
