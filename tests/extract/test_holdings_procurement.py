"""The procurement list made from a 政府采购 table: the rows of one level, its total, and the doubt of
a list whose lines lost their names (the PROC rules then judge nothing)."""

from __future__ import annotations

from budgetlens.check import Config, check
from budgetlens.extract.holdings import build_procurement, item_rows
from budgetlens.model import Disclosure, DocumentKind, Entity, Row, Scheme, Source, TableKind
from tests.check.helpers import row, table


def _names(rows: list[Row]) -> list[str]:
    return [r.name for r in item_rows(rows)]


def test_coded_rows_give_the_top_level() -> None:
    rows = [row("合计", total=True, 合计="300"), row("一般公共服务支出", "201", 合计="200"),
            row("财政事务", "20106", 合计="200"), row("行政运行", "2010601", 合计="200"),
            row("住房保障支出", "221", 合计="100"), row("住房改革支出", "22102", 合计="100")]
    assert _names(rows) == ["一般公共服务支出", "住房保障支出"]


def test_coded_rows_of_one_level_only() -> None:
    """A table printing only 款 rows (or only 项 rows) lists them all."""
    rows = [row("财政事务", "20106", 合计="200"), row("税收事务", "20107", 合计="50")]
    assert _names(rows) == ["财政事务", "税收事务"]


def test_function_rows_heading_purchases_give_the_purchases() -> None:
    """Uncoded purchases under coded rows: the rows no deeper row follows (a coded row with no
    purchase under it is one of them)."""
    rows = [row("行政运行", "2010601", 合计="14"), row("台式计算机", 合计="4"), row("物业管理服务", 合计="10"),
            row("一般行政管理事务", "2010602", 合计="3"),
            row("其他财政事务支出", "2010699", 合计="5"), row("会议服务", 合计="5")]
    assert _names(rows) == ["台式计算机", "物业管理服务", "一般行政管理事务", "会议服务"]


def test_numbered_rows_give_the_top_depth_only_when_all_are_numbered() -> None:
    numbered = [row("一、货物", depth=0, 合计="6"), row("1.台式计算机", depth=1, 合计="6"),
                row("二、服务", depth=0, 合计="4"), row("1.会议服务", depth=1, 合计="4")]
    numbered = [r.model_copy(update={"numbered": True}) for r in numbered]
    assert _names(numbered) == ["一、货物", "二、服务"]
    partly = [*numbered[:2], row("打印机", 合计="1")]
    assert _names(partly) == ["一、货物", "1.台式计算机", "打印机"]


def test_total_is_the_grand_total_not_a_group_subtotal() -> None:
    rows = [row("甲单位小计", total=True, 合计="6"), row("台式计算机", 合计="6"),
            row("乙单位小计", total=True, 合计="4"), row("会议服务", 合计="4"), row("合计", total=True, 合计="10")]
    p = build_procurement(table(TableKind.PROCUREMENT, rows, ["合计"]))
    assert p.total is not None and str(p.total.value) == "10"
    assert [i.item for i in p.items] == ["台式计算机", "会议服务"]
    # several subtotals and no grand total: no total is guessed
    p = build_procurement(table(TableKind.PROCUREMENT, rows[:4], ["合计"]))
    assert p.total is None
    # one subtotal (one department's purchases): it is the total
    p = build_procurement(table(TableKind.PROCUREMENT, rows[:2], ["合计"]))
    assert p.total is not None and str(p.total.value) == "6"


def _disclosure(rows: list[Row]) -> Disclosure:
    t = table(TableKind.PROCUREMENT, rows, ["合计"], scheme=Scheme.NONE)
    return Disclosure(source=Source(path="sample.txt"), entity=Entity(name="某县示例局"), year=2026,
                      kind=DocumentKind.BUDGET, tables=[t], procurement=build_procurement(t))


def test_unnamed_lines_are_doubted_and_not_judged() -> None:
    """Lines without names are a list whose name columns were lost: doubt, and no PROC finding."""
    rows = [row("合计", total=True, 合计="100"), row("货物", 合计="30"), row("", 合计="9"), row("", 合计="21"),
            row("", 合计="5")]
    d = _disclosure(rows)
    assert d.procurement is not None and d.procurement.doubt == "4行采购明细中3行没有名称，可能未读准"
    assert check(d, Config(select=["PROC"])).findings == []
    named = [row("合计", total=True, 合计="100"), row("货物", 合计="30"), row("服务", 合计="60")]
    d = _disclosure(named)
    assert d.procurement is not None and d.procurement.doubt is None
    assert [f.code for f in check(d, Config(select=["PROC"])).findings] == ["PROC002"]
