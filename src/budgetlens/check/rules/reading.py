"""READ: how sure the reading is. A table the checker does not judge is named once, as info.

A rule judges only a sure reading. When the reader could not give a table's columns or parts
with confidence, or when its identities fail in most rows (a sign of a misreading rather than of
a careless author), the table's figures are left unjudged and these rules say so once per
table, instead of a cascade of false errors.
"""

from __future__ import annotations

from collections.abc import Iterator

from budgetlens.check.context import Context, table_label
from budgetlens.check.finding import Severity
from budgetlens.check.registry import Issue, rule


@rule("READ001", Severity.INFO, "表格读取不确定，未核对", "table read without confidence, not checked",
      "读取表格时未能确定其结构（例如金额列中出现大量文字、某一栏缺少项目名称列），"
      "或表内勾稽关系在多数行都不成立（更可能是读取有误而不是编制错误）。"
      "这张表的金额不参与任何核对，只报告一次。请对照原文人工核对。",
      "《支出决算表》：表内勾稽关系在 12 处中有 11 处不成立，疑为表格读取有误：未核对。")
def unsure_table(ctx: Context) -> Iterator[Issue]:
    for t in ctx.all_tables():
        reason = ctx.doubt(t)
        if reason is None:
            continue
        yield Issue(f"{table_label(t)}未核对：{reason}",
                    f"table {t.title!r} not checked: the reading is unsure ({reason})",
                    locations=ctx.where(t.where))


RULE_FAILED = "READ002"


@rule(RULE_FAILED, Severity.INFO, "检查规则运行出错，核对未完成", "a rule failed, its check was not made",
      "某条规则在这份文件上运行出错（budgetlens 自身的缺陷，不是文件的问题）：这条规则的核对没有完成，"
      "报告中不会出现它的结果。其他规则照常运行。请把文件和这条提示反馈给 budgetlens 的维护者。",
      "规则 SUM002 运行出错（ZeroDivisionError）：该项核对未完成。")
def rule_failed(ctx: Context) -> Iterator[Issue]:
    """Reported by the engine when another rule raises (see :func:`budgetlens.check.engine.check`);
    this function itself finds nothing."""
    return iter(())
