"""CLS: classification codes exist in that year and carry their names; codes and 类/款/项
paths quoted in prose are real."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from budgetlens.check.context import ClassificationRef, Context, RefEntry, row_label, scheme_of_code, table_label
from budgetlens.check.finding import Severity
from budgetlens.check.reference import ClassificationKnowledge
from budgetlens.check.registry import Issue, rule
from budgetlens.model import Level, Scheme
from budgetlens.reference.concepts import normalize_label

_CODED = (Scheme.FUNCTION, Scheme.ECON_DEPT, Scheme.ECON_GOV)


def _ready(ctx: Context, scheme: Scheme) -> ClassificationRef | None:
    ref = ctx.reference
    if ref is None or not ref.covered(ctx.d.year, scheme):
        return None
    return ref


def _knows(ref: ClassificationRef) -> ClassificationKnowledge | None:
    """The richer interface when the reference data offers it (the packaged data does)."""
    return ref if isinstance(ref, ClassificationKnowledge) else None


def years_text(years: tuple[int, ...] | list[int]) -> str:
    """「2019—2020、2024年」: runs of consecutive years joined."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return "、".join(f"{r[0]}—{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs) + "年"


def _other_years_issue(what: str, code: str, name: str, year: int, scheme: Scheme,
                       years: tuple[int, ...]) -> tuple[str, str]:
    return (f"{what}科目编码 {code}（{name}）在{year}年{scheme.value}中不存在，该编码仅在{years_text(years)}有效",
            f"code {code} ({name}) does not exist in the {year} classification; it is valid in "
            f"{', '.join(map(str, years))}")


def _former_name(code: str, name: str, official: str, year: int, years: tuple[int, ...]) -> tuple[str, str]:
    return (f"科目 {code} 在{year}年的名称为「{official}」，「{name}」是其{years_text(years)}的名称",
            f"code {code} is named {official!r} in {year}; {name!r} is its name in {', '.join(map(str, years))}")


def _suggest_for_code(ref: ClassificationRef, code: str, name: str, year: int,
                      scheme: Scheme) -> tuple[str | None, str | None]:
    """A suggested code: one keystroke away and carrying ``name``, else any with ``name``."""
    sims = ref.similar(code, year, scheme)
    for e, kind in sims:
        if ref.name_matches(e.code, name, year, scheme):
            return (f"疑为 {e.code} {e.name}（{kind}）", f"probably {e.code} {e.name} ({kind})")
    named = ref.find(name, year, scheme)
    if named:
        codes = "、".join(f"{e.code} {e.name}" for e in named[:3])
        return f"名称「{name}」对应的科目为 {codes}", f"the name {name!r} belongs to {named[0].code}"
    return None, None


@rule("CLS001", Severity.ERROR, "科目编码当年不存在", "a code does not exist in that year",
      "表格中的支出功能分类、部门/政府经济分类科目编码，必须是该预算年度有效的官方科目。"
      "只在其他年度有效的编码报警告并指出有效年度；科目表中没有的编码，仅当该类、款的科目表完整时才报错，"
      "并提示与之相差一个按键（错一位、颠倒、漏一位、多一位）且名称相符的科目；"
      "没有项级科目的款以“00”补足7位列示时报警告。",
      "2024 年表格列出 2101599 其他医疗保障管理事务支出：存在，通过；若"
      "写成 2101959：报错，提示“疑为 2101599（相邻两位数字颠倒）”。")
def unknown_code(ctx: Context) -> Iterator[Issue]:
    year = ctx.d.year
    for t in ctx.tables():
        if t.scheme not in _CODED or year is None:
            continue
        ref = _ready(ctx, t.scheme)
        if ref is None:
            continue
        for r in t.rows:
            if not r.code or r.is_total or not r.code.isdigit():
                continue
            if ref.name_of(r.code, year, t.scheme) is not None:
                continue
            padded = _padded_section(ref, r.code, year, t.scheme)
            if padded is not None:
                yield Issue(f"{table_label(t)}科目编码 {r.code}（{r.name}）不是官方科目编码：款 {padded} 在{year}年"
                            f"没有项级科目，应列为 {padded}",
                            f"{r.code} is the 款 {padded} padded with 00; it should be printed as {padded}",
                            None, ctx.where(r.where), severity=Severity.WARNING)
                continue
            known = _knows(ref)
            if known is not None:
                years = known.years_valid(r.code, t.scheme)
                if years:
                    msg, msg_en = _other_years_issue(table_label(t), r.code, r.name, year, t.scheme, years)
                    yield Issue(msg, msg_en, None, ctx.where(r.where), severity=Severity.WARNING)
                    continue
                if not known.complete(r.code, year, t.scheme):
                    continue  # the list is not known completely there: nothing to judge
            hint, hint_en = _suggest_for_code(ref, r.code, r.name, year, t.scheme)
            yield Issue(f"{table_label(t)}科目编码 {r.code}（{r.name}）在{year}年{t.scheme.value}中不存在",
                        f"code {r.code} ({r.name}) does not exist in the {year} classification",
                        None, ctx.where(r.where), hint, hint_en)


def _padded_section(ref: ClassificationRef, code: str, year: int, scheme: Scheme) -> str | None:
    """The 款 a 项-length code stands for when it is that 款 padded with 「00」 (「2121100」 for a 款
    without 项), else None."""
    if scheme is not Scheme.FUNCTION or len(code) != 7 or not code.endswith("00"):
        return None
    return code[:5] if ref.name_of(code[:5], year, scheme) is not None else None


def _name_issue(ref: ClassificationRef, code: str, name: str, year: int, scheme: Scheme,
                label: str) -> tuple[str, str, str, str] | None:
    """Message, English message, hint and English hint when ``name`` is not the name of ``code`` in
    ``year``; None when it is (or when the data cannot say)."""
    official = ref.name_of(code, year, scheme)
    if official is None or ref.name_matches(code, name, year, scheme):
        return None
    known = _knows(ref)
    if known is None:
        if ref.name_matches(code, name, year, scheme, any_year=True):
            return None
    elif years := known.name_years(code, name, scheme):
        msg, msg_en = _former_name(code, name, official, year, years)
        return f"{label}{msg}", msg_en, f"应为「{official}」", f"should be {official!r}"
    named = ref.find(name, year, scheme)
    hint = f"名称「{name}」对应的科目为 {named[0].code}" if named else f"应为「{official}」"
    return (f"{label}科目 {code} 的名称应为「{official}」，表中写「{name}」",
            f"code {code} is named {official!r}, the table says {name!r}", hint,
            f"the name belongs to {named[0].code}" if named else f"should be {official!r}")


@rule("CLS002", Severity.WARNING, "科目名称与编码不符", "a code carries another name",
      "表格中科目编码旁的名称应为该编码在该年度的官方名称（允许空格、括号、“的”、“支出”后缀等印刷差异）；"
      "写的是该编码其他年度的名称（更名前或更名后）时，指出各自的年度和当年名称。"
      "部门经济分类与政府经济分类并列时两者都核对。",
      "表格写“509 机关资本性支出”：509 是对个人和家庭的补助，提示名称不符；2025 年表格写"
      "“20805 行政事业单位离退休”：提示该名称是 2019—2020 年的名称，当年为行政事业单位养老支出。")
def wrong_name(ctx: Context) -> Iterator[Issue]:
    year = ctx.d.year
    if year is None:
        return
    refs = {scheme: _ready(ctx, scheme) for scheme in _CODED}
    for t in ctx.tables():
        if t.scheme not in _CODED:
            continue
        for r in t.rows:
            if r.is_total:
                continue
            pairs = [(r.code, r.name, t.scheme)]
            if r.econ_gov_code and r.econ_gov_name:
                pairs.append((r.econ_gov_code, r.econ_gov_name, Scheme.ECON_GOV))
            for code, name, scheme in pairs:
                ref = refs[scheme]
                if ref is None or not code or not name:
                    continue
                found = _name_issue(ref, code, name, year, scheme, table_label(t))
                if found is not None:
                    msg, msg_en, hint, hint_en = found
                    yield Issue(msg, msg_en, None, ctx.where(r.where), hint, hint_en)


@rule("CLS003", Severity.ERROR, "说明中引用的科目编码与名称不符", "a code quoted in prose does not match its name",
      "说明中“名称（编码）”的写法，编码必须存在且其官方名称与所写名称一致；政府经济分类（5开头）、"
      "部门经济分类（3开头）、功能分类（2开头）按首位数字判别。",
      "说明写“机关事业单位职业年金缴费支出（2080505）”：2080505 是机关事业单位基本养老保险缴费支出，"
      "报错并提示应为 2080506。")
def quoted_code_name(ctx: Context) -> Iterator[Issue]:
    year = ctx.d.year
    if year is None:
        return
    for c in ctx.d.claims:
        if not c.code:
            continue
        scheme = scheme_of_code(c.code)
        ref = _ready(ctx, scheme)
        if ref is None:
            continue
        issue = _quoted_issue(ref, c.code, normalize_label(c.subject), year, scheme)
        if issue is not None:
            yield replace(issue, locations=ctx.where(c.where or c.value.where))


def _quoted_issue(ref: ClassificationRef, code: str, name: str, year: int, scheme: Scheme) -> Issue | None:
    """The finding about 「name（code）」 quoted in prose in ``year``, without its location."""
    official = ref.name_of(code, year, scheme)
    if official is not None and ref.name_matches(code, name, year, scheme):
        return None
    known = _knows(ref)
    if known is None:
        if official is not None and ref.name_matches(code, name, year, scheme, any_year=True):
            return None
    elif official is not None and (years := known.name_years(code, name, scheme)):
        msg, msg_en = _former_name(code, name, official, year, years)
        return Issue("说明中" + msg, msg_en, hint=f"应为「{official}」", hint_en=f"should be {official!r}",
                     severity=Severity.WARNING)
    elif official is None and (years := known.years_valid(code, scheme)):
        msg, msg_en = _other_years_issue("说明中引用的", code, name, year, scheme, years)
        return Issue(msg, msg_en, severity=Severity.WARNING)
    elif official is None and not known.complete(code, year, scheme):
        return None
    named = ref.find(name, year, scheme)
    if official is None:
        msg = f"说明中引用的科目编码 {code}（{name}）在{year}年{scheme.value}中不存在"
        msg_en = f"code {code} quoted in the text does not exist in {year}"
    else:
        msg = f"说明中「{name}（{code}）」名称与编码不符：{code} 是「{official}」"
        msg_en = f"the text quotes {name} with code {code}, but {code} is {official!r}"
    hint = hint_en = None
    severity = None
    if named:
        hint = "「" + name + "」的科目编码应为 " + "、".join(e.code for e in named[:3])
        hint_en = f"the code of {name} is {named[0].code}"
        if official is not None and all(e.code.startswith(code) for e in named):
            # the name of a sub-code quoted with its parent's code: a level slip, not a wrong code
            severity = Severity.WARNING
    return Issue(msg, msg_en, None, (), hint, hint_en, severity=severity)


def _children_named(ref: ClassificationRef, parent: RefEntry, name: str, year: int, level: Level) -> list[RefEntry]:
    return [e for e in ref.find(name, year, Scheme.FUNCTION, level) if e.parent == parent.code]


def _real_path(ref: ClassificationRef, names: list[str], year: int) -> bool:
    levels = (Level.CLASS, Level.SECTION, Level.ITEM)
    frontier = ref.find(names[0], year, Scheme.FUNCTION, Level.CLASS)
    for name, level in zip(names[1:], levels[1:], strict=False):
        frontier = [k for p in frontier for k in _children_named(ref, p, name, year, level)]
    return bool(frontier)


def _judgeable(known: ClassificationKnowledge, names: list[str], year: int) -> bool:
    """Whether a path that is not in the list can be called wrong: its 类 is known by name, and
    the 类 or 款 where the walk down the names stops has a complete list in ``year``."""
    levels = (Level.CLASS, Level.SECTION, Level.ITEM)
    frontier = known.find(names[0], year, Scheme.FUNCTION, Level.CLASS)
    if not frontier:
        return False
    for name, level in zip(names[1:], levels[1:], strict=False):
        below = [k for p in frontier for k in _children_named(known, p, name, year, level)]
        if not below:
            return all(known.complete(p.code, year, Scheme.FUNCTION) for p in frontier)
        frontier = below
    return True


def _path_text(ref: ClassificationRef, leaf: RefEntry, year: int) -> str:
    parts: list[str] = []
    for n, tag in ((3, "类"), (5, "款"), (7, "项")):
        if len(leaf.code) >= n:
            name = ref.name_of(leaf.code[:n], year, Scheme.FUNCTION) or "?"
            parts.append(f"{name}（{tag}）")
    return "".join(parts)


@rule("CLS004", Severity.ERROR, "说明中的类/款/项路径不存在", "a 类/款/项 path stated in prose is not real",
      "说明中“××（类）××（款）××（项）”的写法必须是该年度支出功能分类中真实存在的层级关系；"
      "报错时按“项”的名称给出正确的路径；只在其他年度存在的路径、最后一级名称不在当年科目表中的路径"
      "（旧名称、地方科目或笔误）报警告；类名不认识或该类、款的科目表不完整时不作判断；同一事项只报一次。",
      "“卫生健康（类）公共卫生（款）城乡医疗救助（项）”：城乡医疗救助属于 21013 医疗救助款，"
      "提示应为“卫生健康支出（类）医疗救助（款）城乡医疗救助（项）”。")
def stated_path(ctx: Context) -> Iterator[Issue]:
    year = ctx.d.year
    ref = _ready(ctx, Scheme.FUNCTION)
    if ref is None or year is None:
        return
    known = _knows(ref)
    reported: set[tuple[tuple[str, ...], int | None]] = set()
    for c in ctx.d.claims:
        names = [n for n in c.path if n]
        if len(names) < 2 or _real_path(ref, names, year):
            continue
        where = c.where or c.value.where
        key = (tuple(names), where.block if where is not None else None)
        if key in reported:
            continue  # the same item's other figures (年初预算, 决算 …) state the same path
        reported.add(key)
        stated = "".join(f"{n}（{tag}）" for n, tag in zip(names, ("类", "款", "项"), strict=False))
        if known is not None:
            if not _judgeable(known, names, year):
                continue
            years = tuple(y for y in known.covered_years(Scheme.FUNCTION) if _real_path(ref, names, y))
            if years:
                yield Issue(f"说明中的科目路径「{stated}」在{year}年支出功能分类中不存在，"
                            f"它是{years_text(years)}的科目路径",
                            f"the path {stated} does not exist in {year}; it exists in "
                            f"{', '.join(map(str, years))}", None, ctx.where(c.where or c.value.where),
                            severity=Severity.WARNING)
                continue
        stated = "".join(f"{n}（{tag}）" for n, tag in zip(names, ("类", "款", "项"), strict=False))
        leaf_level = (Level.CLASS, Level.SECTION, Level.ITEM)[min(len(names), 3) - 1]
        # the last name as a subject of that level, else of any level (「计划生育事务（项）」 is a 款)
        leaves = ref.find(names[-1], year, Scheme.FUNCTION, leaf_level) or ref.find(names[-1], year, Scheme.FUNCTION)
        hint = hint_en = None
        if leaves:
            paths = [f"{_path_text(ref, e, year)}（{e.code}）" for e in leaves[:3]]
            hint = "应为 " + " 或 ".join(paths)
            hint_en = "should be " + " or ".join(paths)
            yield Issue(f"说明中的科目路径「{stated}」在{year}年支出功能分类中不存在",
                        f"the path {stated} does not exist in the {year} function classification",
                        None, ctx.where(where), hint, hint_en)
            continue
        # the last name is in no list of the year: a former name, a local one or a slip, not a
        # misplaced item: worth a look, not an error
        yield Issue(f"说明中的科目路径「{stated}」的“{names[-1]}”不是{year}年支出功能分类中的科目名称",
                    f"{names[-1]!r} in the path {stated} is no name of the {year} function classification",
                    None, ctx.where(where), severity=Severity.WARNING)


@rule("CLS005", Severity.WARNING, "部门经济分类与政府经济分类对应关系不符",
      "department economic code mapped to the wrong government code",
      "同一行并列部门预算支出经济分类与政府预算支出经济分类时，政府经济分类应为官方对照表中该部门经济分类"
      "对应的科目（机关与事业单位两种对照都接受）。",
      "30101 基本工资 对应 50101 工资奖金津补贴：通过；若对应 50201 办公经费：提示。")
def econ_mapping(ctx: Context) -> Iterator[Issue]:
    year = ctx.d.year
    ref = _ready(ctx, Scheme.ECON_DEPT)
    if ref is None or year is None:
        return
    for t in ctx.tables():
        for r in t.rows:
            if not r.code or not r.econ_gov_code or len(r.code) != 5 or not r.code.startswith("3"):
                continue
            want = ref.dept_to_gov(r.code, year)
            if want is None or want.code == r.econ_gov_code:
                continue
            if r.econ_gov_code.startswith("505"):  # 事业单位 mapping of 工资福利/商品和服务
                continue
            yield Issue(f"{table_label(t)}「{row_label(r)}」对应的政府经济分类应为 {want.code} {want.name}，"
                        f"表中为 {r.econ_gov_code} {r.econ_gov_name or ''}".rstrip(),
                        f"{r.code} maps to {want.code} {want.name}, the table gives {r.econ_gov_code}",
                        None, ctx.where(r.where))


@rule("CLS006", Severity.WARNING, "科目缺少上级科目行", "a code is listed without its parent",
      "按科目编码列示的表格中，每个款（5位）、项（7位）的上级类、款都应列出，否则层级汇总无从核对。",
      "表中列出 2101101 行政单位医疗，却没有 21011 行政事业单位医疗：提示。")
def orphan_code(ctx: Context) -> Iterator[Issue]:
    for t in ctx.tables():
        if t.scheme not in _CODED:
            continue
        codes = {r.code for r in t.rows if r.code}
        if not any(c and len(c) == 3 for c in codes):
            continue
        for r in t.rows:
            if not r.code or len(r.code) <= 3 or not r.code.isdigit():
                continue
            parent = r.code[:-2]
            if parent not in codes:
                yield Issue(f"{table_label(t)}列出「{row_label(r)}」，却没有其上级科目 {parent}",
                            f"{r.code} is listed without its parent {parent}", None, ctx.where(r.where))
