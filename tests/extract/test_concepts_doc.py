from __future__ import annotations

from pathlib import Path

from budgetlens.reference.catalogue import render
from budgetlens.reference.concepts import match_concept, normalize_label

DOC = Path(__file__).resolve().parents[2] / "docs" / "concepts.md"


def test_concept_doc_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "run: python -m budgetlens.reference.catalogue"


def test_synonyms_map_to_their_concept() -> None:
    assert match_concept("一、一般公共预算拨款收入") == "一般公共预算拨款收入"
    assert match_concept("基金预算收入") == "政府性基金预算拨款收入"
    assert match_concept("公务用车购置及运维费") == "公务用车购置及运行维护费"
    assert match_concept("2021年本年收入合计", exact=False) == "本年收入合计"
    assert match_concept("城乡居民基本医疗保险经费") is None
    assert normalize_label("（1）工资福利支出") == "工资福利支出"
    assert normalize_label("其中：专项资金") == "专项资金"
