"""The concept vocabulary: canonical names of the quantities disclosures talk about.

Every stage speaks these keys. A table row named 「一、一般公共预算拨款收入」, a sentence saying
「一般公共预算收入29786.48万元」 and a workbook cell labelled 「财政拨款收入」 all map to one
concept key, so that rules can compare them. Keys are the official Chinese terms; synonyms are
the variants seen in published documents. Column keys are the normalized meanings of table
columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Concept:
    key: str
    synonyms: tuple[str, ...]
    parent: str | None = None
    doc: str = ""


# Order matters only for documentation; matching uses the longest synonym.
CONCEPTS: tuple[Concept, ...] = (
    Concept("收入总计", ("收入总计", "收入合计总计"), doc="本年收入合计 + 上年结转结余"),
    Concept("本年收入合计",
            ("本年收入合计", "收入合计", "本年收入", "预算收入", "收入预算", "当年预算收入", "部门收入", "全部收入"),
            parent="收入总计"),
    Concept("一般公共预算拨款收入",
            ("一般公共预算拨款收入", "一般公共预算财政拨款收入", "一般公共预算收入", "一般公共预算拨款",
             "公共财政拨款", "一般公共预算当年拨款"), parent="本年收入合计"),
    Concept("政府性基金预算拨款收入",
            ("政府性基金预算拨款收入", "政府性基金预算财政拨款收入", "政府性基金拨款收入", "基金预算收入",
             "政府性基金预算拨款", "政府性基金收入"), parent="本年收入合计"),
    Concept("国有资本经营预算拨款收入",
            ("国有资本经营预算拨款收入", "国有资本经营预算财政拨款收入", "国有资本经营预算收入"),
            parent="本年收入合计"),
    Concept("财政专户管理资金收入", ("财政专户管理资金收入", "财政专户核拨收入", "财政专户收入", "财政专户管理资金"),
            parent="本年收入合计"),
    Concept("事业收入", ("事业收入",), parent="本年收入合计"),
    Concept("经营收入", ("事业单位经营收入", "经营收入"), parent="本年收入合计"),
    Concept("上级补助收入", ("上级补助收入",), parent="本年收入合计"),
    Concept("附属单位上缴收入", ("附属单位上缴收入",), parent="本年收入合计"),
    Concept("其他收入", ("其他收入", "其他来源收入", "单位资金收入"), parent="本年收入合计"),
    Concept("上年结转结余", ("上年结转结余", "上年结转", "年初结转和结余", "年初财政拨款结转和结余", "上年结余、结转",
                          "上年结转和结余"),
            parent="收入总计"),
    Concept("支出总计", ("支出总计",), doc="本年支出合计 + 年终结转结余"),
    Concept("本年支出合计",
            ("本年支出合计", "支出合计", "本年支出", "部门支出预算", "支出预算", "预算支出", "当年预算支出",
             "部门支出"),
            parent="支出总计"),
    Concept("基本支出", ("基本支出",), parent="本年支出合计"),
    Concept("人员经费", ("人员经费", "人员经费支出"), parent="基本支出"),
    Concept("公用经费", ("公用经费", "日常公用经费", "公用经费支出"), parent="基本支出"),
    Concept("项目支出", ("项目支出", "专项业务经费支出", "专项业务经费"), parent="本年支出合计"),
    Concept("上缴上级支出", ("上缴上级支出", "上解上级支出"), parent="本年支出合计"),
    Concept("经营支出", ("经营支出", "事业单位经营支出"), parent="本年支出合计"),
    Concept("对附属单位补助支出", ("对附属单位补助支出",), parent="本年支出合计"),
    Concept("年终结转结余", ("年终结转结余", "年末结转和结余", "结转下年"), parent="支出总计"),
    Concept("收支总计", ("收入支出总计", "收支总计", "收入支出预算总计", "收支预算总计", "收入支出决算总计",
                     "收支决算总计"), doc="收支总表的总计（收入总计 = 支出总计）"),
    Concept("财政拨款收支总计", ("财政拨款收入支出总计", "财政拨款收支总计", "财政拨款收入支出预算总计",
                         "财政拨款收支预算总计", "财政拨款收入支出决算总计", "财政拨款收支决算总计"),
            doc="财政拨款收支总表的总计"),
    Concept("财政拨款收入总计", ("财政拨款收入总计",)),
    Concept("财政拨款支出总计", ("财政拨款支出总计",)),
    Concept("财政拨款收入", ("财政拨款收入",)),
    Concept("财政拨款支出", ("财政拨款支出",)),
    Concept("一般公共预算拨款支出",
            ("一般公共预算财政拨款支出", "一般公共预算拨款支出", "一般公共预算支出", "一般公共预算当年拨款支出")),
    Concept("一般公共预算基本支出", ("一般公共预算财政拨款基本支出", "一般公共预算基本支出")),
    Concept("一般公共预算项目支出", ("一般公共预算财政拨款项目支出", "一般公共预算项目支出")),
    Concept("政府性基金预算拨款支出",
            ("政府性基金预算拨款支出", "政府性基金预算财政拨款支出", "政府性基金拨款支出", "政府性基金预算支出")),
    Concept("国有资本经营预算拨款支出", ("国有资本经营预算拨款支出", "国有资本经营预算支出")),
    Concept("三公经费", ("“三公”经费", "三公经费", "\"三公\"经费", "“三公”经费财政拨款支出")),
    Concept("因公出国（境）费", ("因公出国（境）费", "因公出国(境)费", "因公出国（境）经费", "因公出国（境）费用"),
            parent="三公经费"),
    Concept("公务用车购置及运行维护费",
            ("公务用车购置及运行维护费", "公务用车购置及运维费", "公务用车购置及运行费"), parent="三公经费"),
    Concept("公务用车购置费", ("公务用车购置费", "公务用车购置"), parent="公务用车购置及运行维护费"),
    Concept("公务用车运行维护费", ("公务用车运行维护费", "公务用车运行费"), parent="公务用车购置及运行维护费"),
    Concept("公务接待费", ("公务接待费",), parent="三公经费"),
    Concept("国内公务接待费", ("国内公务接待",), parent="公务接待费"),
    Concept("外事接待费", ("外事接待",), parent="公务接待费"),
    Concept("机关运行经费", ("机关运行经费", "机关运行费")),
    Concept("会议费", ("会议费",)),
    Concept("培训费", ("培训费",)),
    Concept("政府采购", ("政府采购预算", "政府采购支出总额", "政府采购支出", "政府采购")),
    Concept("政府采购货物", ("政府采购货物支出", "政府采购货物"), parent="政府采购"),
    Concept("政府采购工程", ("政府采购工程支出", "政府采购工程"), parent="政府采购"),
    Concept("政府采购服务", ("政府采购服务支出", "政府采购服务"), parent="政府采购"),
    Concept("中小企业合同", ("授予中小企业合同金额", "中小企业合同"), parent="政府采购"),
    Concept("小微企业合同", ("授予小微企业合同金额", "小微企业合同"), parent="中小企业合同"),
    Concept("固定资产", ("固定资产金额", "固定资产总额", "资产总额", "固定资产")),
    Concept("拟购置固定资产", ("拟购置固定资产总额", "拟购置固定资产")),
)

CONCEPT_KEYS: frozenset[str] = frozenset(c.key for c in CONCEPTS)


def concept(key: str) -> Concept:
    for c in CONCEPTS:
        if c.key == key:
            return c
    raise KeyError(key)


_SPACE = re.compile(r"[\s\u3000]+")
_LEAD = re.compile(
    r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*|^其中[:：]?|^[\d.]+、?"
)


@lru_cache(maxsize=16384)
def normalize_label(text: str) -> str:
    """Strip numbering, spaces and quote variants: 「一、一般公共预算拨款收入」→「一般公共预算拨款收入」."""
    s = _SPACE.sub("", text)
    s = s.replace('"', "“", 1).replace('"', "”", 1)
    s = s.replace("(", "（").replace(")", "）")
    prev = None
    while prev != s:
        prev = s
        s = _LEAD.sub("", s)
    return s


def concept_synonyms() -> list[tuple[str, str]]:
    """(normalized synonym, concept key) pairs, longest synonym first."""
    return _synonym_index()


@lru_cache(maxsize=1)
def _synonym_index() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for c in CONCEPTS:
        for syn in c.synonyms:
            pairs.append((normalize_label(syn), c.key))
    pairs.sort(key=lambda p: -len(p[0]))
    return pairs


@lru_cache(maxsize=1)
def _exact_index() -> dict[str, str]:
    exact: dict[str, str] = {}
    for syn, key in _synonym_index():
        exact.setdefault(syn, key)  # the first in the index wins, as in a scan of it
    return exact


@lru_cache(maxsize=16384)
def match_concept(label: str, exact: bool = True) -> str | None:
    """Map a label to a concept key.

    With ``exact`` the whole normalized label must be a synonym; otherwise the label must end
    with a synonym (the longest wins): 「2021年本年收入合计」→ 本年收入合计.
    """
    s = normalize_label(label)
    found = _exact_index().get(s)
    if found is not None or exact:
        return found
    for syn, key in _synonym_index():
        if s.endswith(syn):
            return key
    return None


# Normalized column keys of standard tables and the header words that mean them.
# Checked in order: the first whose any pattern occurs in the header wins.
COLUMN_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("上年结转", ("上年结转", "年初结转")),
    ("人员经费", ("人员经费",)),
    ("公用经费", ("公用经费",)),
    ("基本支出", ("基本支出",)),
    ("项目支出", ("项目支出", "专项业务经费")),
    ("经营支出", ("经营支出",)),
    ("上缴上级支出", ("上解上级", "上缴上级")),
    ("对附属单位补助支出", ("对附属单位补助",)),
    ("一般公共预算", ("一般公共预算",)),
    ("政府性基金", ("政府性基金", "基金预算")),
    ("国有资本经营", ("国有资本经营",)),
    ("财政专户", ("财政专户",)),
    ("财政拨款", ("财政拨款",)),
    ("事业收入", ("事业收入",)),
    ("经营收入", ("经营收入",)),
    ("上级补助收入", ("上级补助",)),
    ("附属单位上缴收入", ("附属单位上缴",)),
    ("其他收入", ("其他收入", "其他来源")),
    ("单位资金", ("单位资金",)),
    ("小计", ("小计",)),
    ("合计", ("合计", "总计")),
    ("预算数", ("预算数", "预算金额")),
    ("决算数", ("决算数",)),
    ("金额", ("金额", "价值", "项目金额")),
    ("数量", ("数量",)),
    ("单价", ("单价",)),
    ("备注", ("备注", "项目简介", "说明")),
)

COLUMN_KEY_NAMES: frozenset[str] = frozenset(k for k, _ in COLUMN_KEYS)


@lru_cache(maxsize=4096)
def column_key(header: str) -> str | None:
    """Normalized key of a column header, or None when the header names no value column."""
    h = _SPACE.sub("", header)
    for key, patterns in COLUMN_KEYS:
        if any(p in h for p in patterns):
            return key
    return None
