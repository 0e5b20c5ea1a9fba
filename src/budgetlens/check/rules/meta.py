"""META: the entity and the metadata (the department named in the text, years, units)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.context import Context
from budgetlens.check.finding import Severity
from budgetlens.check.registry import Issue, rule
from budgetlens.model import Amount, Location

_ORG_TAIL = r"(?:局|委员会|委|办公室|中心|院|所|站|机构|厅|部|处|队|馆|会)"
_SELF_CONTEXT = r"(?:20\d\d年)?(?:年度)?(?:部门|单位)?(?:预算|决算)"
_REGION = re.compile(r"^(.{1,8}?(?:省|市|县|区|旗|州))")
_BRACKETED_OR_SPACE = re.compile(r"[（(][^）)]*[）)]|\s")
# what follows a region's name in another body's name speaking of its own budget
_OTHER_BODY = re.compile(r"[\u4e00-\u9fa5]{1,16}?" + _ORG_TAIL + r"(?=" + _SELF_CONTEXT + r")")


def _prefixes(ctx: Context) -> list[str]:
    name = ctx.d.entity.name
    out = []
    if ctx.d.entity.region:
        out.append(ctx.d.entity.region)
    m = _REGION.match(name)
    if m and m.group(1) not in out:
        out.append(m.group(1))
    return out


def _mentions(text: str, prefix: str) -> Iterator[tuple[int, int]]:
    """Spans of ``prefix`` + :data:`_OTHER_BODY` in ``text``, as ``finditer`` of the two joined finds
    them (a pattern a document would otherwise compile for its own region name)."""
    pos = text.find(prefix)
    while pos >= 0:
        m = _OTHER_BODY.match(text, pos + len(prefix))
        if m is None:
            pos = text.find(prefix, pos + 1)
        else:
            yield pos, m.end()
            pos = text.find(prefix, m.end())


def _core(name: str) -> str:
    return _BRACKETED_OR_SPACE.sub("", name)


def _at_mention(claim_text: str, figure: Amount | None, start: int, end: int) -> Location | None:
    """Where ``claim_text[start:end]`` is printed, from the place of the claim's figure: a claim's
    text is its paragraph without the indentation, and its figure's offsets are the paragraph's, so
    the indentation is told by where the figure stands in both (None when that is not known)."""
    if figure is None:
        return None
    where = figure.where
    if where is None or where.start is None or not figure.raw:
        return None
    # the figure in the claim's text, starting at or before its offset in the paragraph
    found = claim_text.rfind(figure.raw, 0, where.start + len(figure.raw))
    if found < 0:
        return None
    indent = where.start - found
    return where.model_copy(update={"start": start + indent, "end": end + indent})


@rule("META001", Severity.ERROR, "文中把其他单位当作本单位", "the text names another body as the publisher",
      "说明中以“××局年度部门预算”“现将××局……预算公开如下”等口吻描述的单位，应是本文件的公开单位；"
      "出现同一地区的其他单位名称（多为套用其他单位的模板），报错。",
      "威县医疗保障局的文件写“反映威县财政局年度部门预算中支出预算的总体情况”：报错。")
def other_entity(ctx: Context) -> Iterator[Issue]:
    own = _core(ctx.d.entity.name)
    if not own:
        return
    # each text, where it is, and for a claim the figure that places a mention in its line
    texts: list[tuple[str, Location | None, Amount | None]] = [
        (c.text, c.where or c.value.where, c.value) for c in ctx.d.claims if c.text]
    texts += [(s.title, s.where, None) for s in ctx.d.sections]
    texts += [(n, None, None) for n in ctx.d.notes]
    texts.append((ctx.d.title, None, None))
    reported: set[str] = set()
    for prefix in _prefixes(ctx):
        for text, where, figure in texts:
            for start, end in _mentions(text or "", prefix):
                org = _core(text[start:end])
                if org in own or own in org or org in reported:
                    continue
                reported.add(org)
                at = _at_mention(text, figure, start, end) or where
                yield Issue(f"本文件的公开单位是「{ctx.d.entity.name}」，文中却写「{org}」的预算/决算："
                            f"「…{text[max(0, start - 12):end + 12]}…」",
                            f"the document belongs to {ctx.d.entity.name} but the text speaks of {org}'s budget",
                            None, ctx.where(at),
                            f"应改为「{ctx.d.entity.name}」（疑似套用其他单位的模板）",
                            f"should be {ctx.d.entity.name} (template of another body?)")


@rule("META002", Severity.WARNING, "说明中的年度与文件年度不符", "a year in the text does not fit the document",
      "说明中的当年数字标注的年度应为文件年度（上年数可为上一年）；出现晚于文件年度的年份多为套用模板未改。",
      "2023 年预算说明写“2024年预算收入……”：提示。")
def claim_year(ctx: Context) -> Iterator[Issue]:
    year = ctx.d.year
    if year is None:
        return
    for c in ctx.d.claims:
        if c.year is not None and c.year > year:
            yield Issue(f"说明「{c.subject}」标注为 {c.year} 年，晚于文件年度 {year} 年",
                        f"{c.subject!r} is dated {c.year}, after the document year {year}", None,
                        ctx.where(c.where or c.value.where))


@rule("META003", Severity.INFO, "未能识别文件的基本信息", "basic metadata could not be identified",
      "未能从文件中识别公开单位、年度或文件类型时提示，相关核对（科目年度、规定表格）将无法进行。",
      "文件中找不到年度：提示“未能识别年度”。")
def missing_metadata(ctx: Context) -> Iterator[Issue]:
    missing = []
    if not ctx.d.entity.name:
        missing.append(("公开单位", "entity"))
    if ctx.d.year is None:
        missing.append(("年度", "year"))
    if ctx.d.kind is None:
        missing.append(("文件类型", "document kind"))
    if missing:
        yield Issue(f"未能识别{'、'.join(m[0] for m in missing)}，部分核对无法进行",
                    f"could not identify {', '.join(m[1] for m in missing)}; some checks are skipped", None, ())


@rule("META004", Severity.WARNING, "表格金额单位与数值不符", "a table's unit does not fit its figures",
      "以“万元”为单位的表格出现大量七位以上整数（更像以元计），或以“元”为单位的表格合计却只有两三位数，"
      "多为单位标错。",
      "单位：万元 的收支总表合计 76582425.00：提示单位疑为“元”。")
def unit_plausible(ctx: Context) -> Iterator[Issue]:
    for t in ctx.d.tables:
        tot = t.total_row()
        if tot is None:
            continue
        vals = [a for a in tot.values.values() if a.value > 0]
        if not vals:
            continue
        biggest = max(vals, key=lambda a: a.value)
        if t.unit.value == "万元" and biggest.value >= 10_000_000:
            yield Issue(f"《{t.title}》单位为万元，合计却为 {biggest.raw or biggest.value}"
                        f"（即 {biggest.value / 10000} 亿元）",
                        f"{t.title!r} is in 万元 but its total is {biggest.value}", None,
                        ctx.where(biggest.where, t.where), "单位疑为“元”", "the unit is probably 元")
        elif t.unit.value == "元" and biggest.value < 1000 and biggest.decimals == 2 and len(vals) > 1:
            yield Issue(f"《{t.title}》单位为元，合计却只有 {biggest.raw or biggest.value} 元",
                        f"{t.title!r} is in 元 but its total is only {biggest.value}", None,
                        ctx.where(biggest.where, t.where), "单位疑为“万元”", "the unit is probably 万元")
