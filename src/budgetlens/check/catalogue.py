"""The rule catalogue as Markdown (``docs/rules.md`` is generated from the registry)."""

from __future__ import annotations

from budgetlens.check.finding import Family
from budgetlens.check.registry import all_rules

_HEAD = """# 检查规则目录（budgetlens check）

本文件由 `python -m budgetlens.check.catalogue > docs/rules.md` 从规则注册表生成，请勿手改。

规则代码 = 类别前缀 + 三位数字，永久不变。按代码或类别选择/忽略规则，与代码检查工具相同：

```
budgetlens check 文件或文件夹… [--select SUM,NAR001] [--ignore PERF003] [--format text|json|html|sarif]
                               [--output 文件] [--lang zh|en] [--config budgetlens.toml]
```

配置文件：`budgetlens.toml` 的 `[check]` 节，或 `pyproject.toml` 的 `[tool.budgetlens.check]` 节：

```toml
[check]
select = ["ALL"]          # 代码、类别或 ALL
ignore = ["PERF003"]
lang = "zh"
[check.severity]          # 调整级别
XT005 = "warning"
```

命令行 `--select` 取代配置文件的 select，`--ignore` 追加。存在错误级问题时退出码为 1；
无法读取的文件单独报告并跳过，其余文件照常检查。

## 容差

每个印刷的数字代表一个区间（`7147.37` 万元表示 ±0.005 万元，`0` 为精确值）。求和、相等、
占比、增减幅度都按区间计算，两个区间无法相交才报告，如 2108.87 + 4646.36 + 25.73 = 6780.96
与印刷的 6780.95 不报错。

## 诊断

报告不符时尽量给出可能的笔误（`diagnosis` 字段）：`dropped_digit` 漏写一位数字，`extra_digit`
多写一位，`transposed` 相邻数字颠倒，`wrong_digit` 个别数字错误，`scale` 相差 10ⁿ 倍（小数点错位），
`unit` 元与万元混用（10000 倍），`sign` 正负号。

## JSON 输出格式（`--format json`）

```json
{
  "schema": 1, "tool": "budgetlens", "version": "0.1.0",
  "reports": [{
    "file": "路径", "entity": "公开单位", "year": 2021, "kind": "决算",
    "error": null,                      // 文件无法读取时为错误信息
    "summary": {"error": 3, "warning": 5, "info": 0, "by_code": {"NAR001": 1}},
    "findings": [{
      "code": "NAR001", "severity": "error|warning|info", "family": "NAR",
      "title": "规则标题", "message": "问题说明（--lang en 时为英文）",
      "values": {"stated": "7113.36", "expected": "7116.36", "difference": "-3.00",
                 "tolerance": "0.015", "unit": "万元"},          // 或 null；数字为十进制字符串
      "locations": [{"file": "…", "line": 19, "block": 5, "row": 2, "col": 1, "start": 12}],
      "hint": "修改建议或 null", "diagnosis": "wrong_digit 或 null"
    }]
  }]
}
```

`--format sarif` 输出 SARIF 2.1.0 结构（规则目录在 `runs[0].tool.driver.rules`）；`--format html`
输出自包含的 HTML 报告（不引用任何外部资源）。Python 接口：
`budgetlens.check.check(disclosure, config=None) -> Report`。

## 只核对确定的读取

错误只建立在确定的读取之上。表格读取时未能确定结构（金额列中有大量文字、某一栏没有名称列等），
或表内勾稽关系在多数行都不成立（更像是读取有误而不是编制错误），这张表的金额不参与任何核对，
由 READ001 以提示报告一次。每类规则需要的读取写在该类的开头。

## 规则
"""

# What each family needs from the reading (see 「只核对确定的读取」 above).
NEEDS: dict[Family, str] = {
    Family.SUM: "读取确定的表格：列的含义由表头与内容确定，收入/支出两侧和并列的表块已分开；合计列等于哪些列"
                "由表头层次确定（“其中”列、比率、采购等不计入）；两侧表的最上一级由编号、支出功能分类的类/款/项和"
                "收入来源分组确定，看不出层级时不核对。",
    Family.XT: "读取确定的表格；同一种表有多张时，取第一张读取确定的。",
    Family.NAR: "说明中读出的数字及其所指（主题、年度、年初预算/决算/执行数/预算安排等角色），与读取确定的表格比较。",
    Family.CLS: "读取确定的科目编码与名称，或说明中“××（类）××（款）××（项）”的写法；只在该年度、该类/款的"
                "科目表完整时判断编码不存在。",
    Family.REQ: "读出的表格种类和说明标题；只在文件按统一格式公开（已有规定报表、说明部分的三分之二以上）时"
                "核对缺少的部分。",
    Family.PERF: "按表头识别的绩效目标表、自评表：指标层级、指标值、资金与执行数。",
    Family.PROC: "读取确定的政府采购表、资产表。",
    Family.META: "从封面、标题、表头和正文读出的公开单位、年度和文件类型。",
    Family.READ: "无：这些规则报告哪些表格读取不确定。",
}


def catalogue_markdown() -> str:
    out = [_HEAD]
    rules = all_rules()
    for fam in Family:
        members = [r for r in rules if r.family is fam]
        if not members:
            continue
        out.append(f"\n### {fam.value} — {fam.label}（{fam.label_en}）\n")
        out.append(f"需要的读取：{NEEDS[fam]}\n")
        out.append("| 代码 | 级别 | 标题 | Title |\n|---|---|---|---|")
        for r in members:
            out.append(f"| {r.code} | {r.severity.label} | {r.title} | {r.title_en} |")
        for r in members:
            out.append(f"\n#### {r.code} {r.title}\n\n{r.explanation}\n\n例：{r.example}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(catalogue_markdown(), end="")
