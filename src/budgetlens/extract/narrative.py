"""Figures stated in prose (claims) and the headings of the narrative.

Written by hand: no library parses Chinese budget prose. A claim is a money figure with the
phrase before it as its subject; percentages after it are its share, its change or its
completion rate; 「较上年减少…」 clauses attach a change to the figure they speak of; 「其中」,
「包括」 and 「主要用于」 make the following figures parts of the one before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from budgetlens.extract.builders import new_amount, new_percent
from budgetlens.extract.headers import squash
from budgetlens.extract.metadata import YEAR
from budgetlens.extract.numbers import ascii_digits_prose
from budgetlens.extract.units import PROSE_UNIT_WORD, word_unit
from budgetlens.model import Amount, Change, Claim, Direction, Location, Percent, Section, Unit
from budgetlens.model.trusted import maker
from budgetlens.read.blocks import Block, Paragraph
from budgetlens.reference.concepts import concept_synonyms, match_concept, normalize_label

# figures and their places, made from values just parsed into the declared types (budgetlens.model.trusted)
_new_span_location = maker(Location, "file", "block", "start", "end", "line", "page")
_new_block_location = maker(Location, "file", "block", "line", "page")
_new_section = maker(Section, "title", "level", "where")

_MONEY = re.compile(rf"(?<![\d.,])(\d{{1,3}}(?:,\d{{3}})+|\d+)(\.\d+)?\s*({PROSE_UNIT_WORD})")
_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[%％]")
_DELIMS = "，,；;。：:、\n"
_LAST_DELIM = re.compile(f".*[{re.escape(_DELIMS)}]", re.DOTALL)  # matched up to the last delimiter before endpos
_CHANGE_VERB = re.compile(r"(增加|减少|增长|下降|上升|降低|节约|持平|减|增)$")
_CHANGE_CUE = re.compile(r"(较|比|与|同)(上年|上一年|去年|(?:19|20)\d{2}年(?:度)?)(?:相比|比较)?")
_CHANGE_PREFIX = re.compile(
    r"^((?:与|较|比)(?:上年|上一年|去年|(?:19|20)\d{2}年(?:度)?)(?:相比|比较)?)(增加|减少|增长|下降)(.+)$"
)
_PARENT_CUE = re.compile(r"(其中|包括|主要是|主要为|主要用于|主要包括|具体包括|分别为)[:：]?$")
_YEAR_PREFIX = re.compile(r"^((?:19|20)\d{2})\s*年(?:度)?(?:末|底|初)?")
_LAST_YEAR_PREFIX = re.compile(r"^上年(?:末|底)")
_PATH = re.compile(r"([^（(）)：:，,。]+?)[（(]类[)）]\s*([^（(）)]+?)[（(]款[)）]\s*([^（(）)]+?)[（(]项[)）]")
_CODE = re.compile(r"[（(]\s*(\d{3}(?:\d{2}){0,2})\s*[)）]")
_LEAD_NOISE = re.compile(
    r"^(?:[（(]?\d+[)）.、]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)?\s*"
    r"(?:其中[:：]?|包括|主要是|主要为|主要用于|主要包括|另外|此外|以及|和|及)?\s*"
    r"(?:本部门|本单位|我部门|我单位|我局|本局|部门|单位)?\s*(?:当年|本年度|本年|全年)?"
)
_TRAIL_NOISE = re.compile(
    r"(?:共计安排|预算安排|安排|共计|总额为|支出决算为|决算数为|决算为|为|达到|约)$"
)
# Extra endings tried only when looking a subject up in the concept vocabulary.
_CONCEPT_TRIM = re.compile(r"(?:预算支出|支出决算|决算|预算)$")
_HEADING = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[、.．](?!\d))"
)
_LIST_ITEM = re.compile(r"^\s*([（(]?\d+[)）.、．]|[（(][一二三四五六七八九十]+[)）])")
_OPENS_LIST = re.compile(r"(其中|主要包括|包括)[:：]\s*$")
_AS_FOLLOWS = re.compile(r"如下[:：]\s*$")
_CUE_WORD = re.compile(r"(其中|包括|主要是|主要为|主要用于|主要包括)[:：]?")
_BRACKET_LIST = re.compile(r"[（(]\s*(其中|包括)")
_LEVEL_MARK = re.compile(r"[（(](类|款|项)[)）]")
_EXPENSE_END = re.compile(r"支出$")
_DIGIT = re.compile(r"\d")
_BRACKET_CHARS = re.compile(r"[（()）；;。]")
_PCT_CHANGE = re.compile(r"(下降|减少|增长|增加|上升|降低|减)$")
_PCT_COMPLETION = re.compile(r"完成(?:年初)?(?:预算|计划)?的?$")
_PCT_OF = re.compile(r"占(.+?)的?$")


@dataclass(slots=True)
class _Draft:
    subject: str
    value: Amount
    concept: str | None
    year: int | None
    code: str | None
    path: list[str]
    text: str
    where: Location
    section: str | None
    parent: int | None = None
    share: Percent | None = None
    share_of: str | None = None
    change: Change | None = None
    completion: Percent | None = None
    is_change_only: bool = False
    in_list: bool = False
    extras: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=8192)
def _clean_subject(raw: str) -> str:
    s = squash(raw)
    s = _YEAR_PREFIX.sub("", s)
    s = _LAST_YEAR_PREFIX.sub("", s)
    prev = None
    while prev != s:
        prev = s
        for pattern in (_LEAD_NOISE, _TRAIL_NOISE, _YEAR_PREFIX):
            candidate = pattern.sub("", s, count=1)
            if len(candidate) >= 2:
                s = candidate
    return s


_ORG_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,20}?(?:局|中心|机构|委员会|办公室|院|所)(?=.{2,})")
_HARMLESS_PREFIX = {"年度", "本年", "当年", "全年", "部门", "单位", "本部门", "本单位", "财政拨款", "一般公共预算",
                    "一般公共预算财政拨款", "部门预算", "预算", "年初", "年末", "全部", "安排", "累计"}


@lru_cache(maxsize=8192)
def _concept(subject: str) -> str | None:
    """Concept key of a subject phrase; conservative: a qualified phrase (「某项目支出」) maps to nothing."""
    if not subject:
        return None
    bases = [subject]
    no_org = _ORG_PREFIX.sub("", subject)
    if no_org != subject:
        bases.append(_clean_subject(no_org))
    variants: list[str] = []
    for base in bases:
        variants.append(base)
        trimmed = _EXPENSE_END.sub("", _CONCEPT_TRIM.sub("", base))
        if trimmed != base and len(trimmed) >= 2:
            variants.append(trimmed)
    for v in variants:
        found = match_concept(v, exact=True)
        if found:
            return found
    for v in variants:
        for syn, key in concept_synonyms():
            if v.endswith(syn) and (v[: -len(syn)] in _HARMLESS_PREFIX or len(v) - len(syn) <= 2):
                return key
    for v in variants:
        for syn, key in concept_synonyms():
            if len(syn) >= 4 and syn in v and not _DIGIT.search(v):
                return key
    return None


_JOINER = re.compile(r"(?:元|%|％)\s*[和及与]")
_OPEN, _CLOSE = "（(", "）)"
_LIST_BRACKET = re.compile(r"^[（(]\s*(其中|包括|含)")


def _brackets(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Matched bracket spans, and regions after an unmatched opening bracket up to the clause end."""
    matched: list[tuple[int, int]] = []
    stack: list[int] = []
    unmatched: list[tuple[int, int]] = []
    for m in _BRACKET_CHARS.finditer(text):
        i, ch = m.start(), m.group()
        if ch in _OPEN:
            stack.append(i)
        elif ch in _CLOSE and stack:
            matched.append((stack.pop(), i + 1))
        elif ch in "；;。" and stack:
            unmatched.extend((o, i) for o in stack)
            stack = []
    unmatched.extend((o, len(text)) for o in stack)
    return matched, unmatched


def _inside(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    for a, b in spans:
        if a < pos < b:
            return a, b
    return None


def _segment_before(
    text: str, end: int, matched: list[tuple[int, int]] | None = None, unmatched: list[tuple[int, int]] | None = None
) -> tuple[int, str]:
    """The clause before a figure; delimiters inside brackets that do not hold the figure don't count,
    nor those after an unclosed bracket that the figure closes the clause of."""
    spans = [(a, b) for a, b in (matched or []) if not (a < end < b)]
    for a, b in unmatched or []:
        spans.append((a, b) if not (a < end < b) else (a, end))
    # Walking back from the figure: a place inside a span jumps to the span's start, a delimiter
    # ends the clause. Done a delimiter or a span at a time, not a character at a time.
    start = end
    while start > 0:
        m = _LAST_DELIM.match(text, 0, start)
        delim = m.end() - 1 if m else -1
        lowest = max(delim, 0)
        met = -1  # the first place inside a span that the walk meets before the delimiter
        for a, b in spans:
            top = min(b - 1, start - 1)
            if top > met and top >= max(a + 1, lowest):
                met = top
        if met >= 0:
            span = _inside(met, spans)
            assert span is not None
            start = span[0]
            continue
        start = delim + 1
        break
    joined = list(_JOINER.finditer(text, start, end))
    if joined:  # 「人员经费164.07万元和日常公用经费7.6万元」: the subject starts after 和
        start = joined[-1].end()
    return start, text[start:end]


def find_sections(blocks: list[Block], file: str) -> list[Section]:
    out: list[Section] = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        text = block.text.strip()
        # a heading is short, except the title of a project's target table, which carries the
        # project's whole name (「4、城乡医疗保障救助县配套（建档立卡户…）绩效目标表」)
        if len(text) > (100 if text.endswith("表") else 40) or text.endswith(("。", "；")):
            continue
        m = _HEADING.match(squash(text))
        if not m:
            continue
        head = m.group(1)
        level = 0 if head.startswith("第") else 1 if "、" in head and not head[0].isdigit() else 2
        out.append(_new_section(text, level, _new_block_location(file, index, block.line, block.page)))
    return out


def extract_claims(blocks: list[Block], file: str, doc_year: int | None) -> list[Claim]:
    drafts: list[_Draft] = []
    section: str | None = None
    list_parent: int | None = None  # a paragraph ended with 「其中：」: the next list items are its parts
    sub_parent: int | None = None  # a paragraph began with 「其中：」: it and the next unnumbered ones are parts
    prev_first: int | None = None  # first figure of the previous paragraph that had figures
    header_numbered = False  # the list_parent paragraph was itself a numbered list header
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        text = ascii_digits_prose(block.text)
        stripped = text.strip()
        if len(stripped) <= 100 and stripped.endswith("表"):
            continue  # a table title (「…（免医疗250元…）绩效目标表」) states no figures
        if len(stripped) <= 40 and _HEADING.match(squash(stripped)) and not _MONEY.search(stripped):
            section = stripped
            list_parent = sub_parent = None
        list_item = _is_list_item(stripped)
        if stripped.startswith(("其中:", "其中：")) and prev_first is not None:
            sub_parent = prev_first
        elif list_item:
            sub_parent = None
        first_in_para = len(drafts)
        ends_with_cue = _OPENS_LIST.search(stripped) is not None
        opens_list = list_item and ends_with_cue
        # A numbered paragraph that opens a new list after another such header is that header's
        # sibling (「(2) …其中：」 after 「(1) …其中：」), not one of its items.
        if opens_list and header_numbered and list_parent is not None:
            parent: int | None = drafts[list_parent].parent
        else:
            parent = sub_parent if sub_parent is not None else list_parent
        _claims_of_paragraph(text, index, block.line, file, doc_year, section, drafts, parent, block.page)
        new = drafts[first_in_para:]
        if new:
            prev_first = _first_value_claim(drafts, first_in_para)
        if ends_with_cue and new:
            list_parent = _last_value_claim(drafts, first_in_para)
            header_numbered = opens_list
            sub_parent = None
        elif _AS_FOLLOWS.search(stripped) and new:
            first = new[0]
            list_parent = first.parent if first.parent is not None else first_in_para
            header_numbered = False
        elif list_parent is not None and not new and len(stripped) > 60:
            list_parent = sub_parent = None  # plain narrative without figures ends a list
    _refine_by_parent(drafts)
    # Change-only clauses were attached to the figure they speak of; renumber the parents.
    kept = [i for i, d in enumerate(drafts) if not d.is_change_only]
    new_index = {old: new for new, old in enumerate(kept)}
    return [_to_claim(drafts[i], new_index) for i in kept]


# A part named only 「基本支出」 under a 一般公共预算 total is the 一般公共预算 part of it.
_QUALIFIED_PARTS = {
    ("一般公共预算拨款支出", "基本支出"): "一般公共预算基本支出",
    ("一般公共预算拨款支出", "项目支出"): "一般公共预算项目支出",
}


def _refine_by_parent(drafts: list[_Draft]) -> None:
    for d in drafts:
        if d.parent is None or d.concept is None:
            continue
        parent_concept = drafts[d.parent].concept
        refined = _QUALIFIED_PARTS.get((parent_concept or "", d.concept))
        if refined:
            d.concept = refined


def _first_value_claim(drafts: list[_Draft], start: int) -> int | None:
    for i in range(start, len(drafts)):
        if not drafts[i].is_change_only:
            return i
    return None


def _last_value_claim(drafts: list[_Draft], start: int) -> int | None:
    for i in range(len(drafts) - 1, start - 1, -1):
        if not drafts[i].is_change_only:
            return i
    return None


def _claims_of_paragraph(
    text: str,
    block: int,
    line: int | None,
    file: str,
    doc_year: int | None,
    section: str | None,
    drafts: list[_Draft],
    list_parent: int | None,
    page: int | None = None,
) -> None:
    moneys = list(_MONEY.finditer(text)) if "元" in text else []
    if not moneys:
        return  # no figure, and percentages only attach to one
    para_start = len(drafts)
    parent_stack: list[int | None] = [list_parent]
    colon_levels: set[int] = set()  # stack depths opened by 「：」 lists, whose items 「；」 separates
    bracket_levels: set[int] = set()  # depths opened inside brackets: 「（其中：…）」 ends at the bracket
    pending_parent: int | None = None
    last_claim: int | None = None
    sentence_root: int | None = None  # the first top-level figure of the current sentence
    previous_root: int | None = None
    sentence_start = True
    pos = 0
    matched, unmatched = _brackets(text)
    has_path = "类" in text  # cheap test before the _PATH searches
    for k, m in enumerate(moneys):
        span = _inside(m.start(), matched)
        if span is not None and not _LIST_BRACKET.match(text[span[0]:span[1]]):
            continue  # a figure in brackets is a detail: 「（建档立卡户8638人，免医疗250元）」
        loose = _inside(m.start(), unmatched)
        if loose is not None and k + 1 < len(moneys) and moneys[k + 1].start() < loose[1]:
            continue  # an unclosed bracket: only the clause's last figure is the clause's own
        if _is_threshold(text, m):
            continue  # 「单价50万元以上」「限额由12万元提高至15万元」: limits, not figures of the budget
        between = text[pos:m.start()]
        if "。" in between:
            previous_root, sentence_root, sentence_start = sentence_root, None, True
        # Sentence and clause structure between the previous figure and this one.
        if bracket_levels and (")" in between or "）" in between):
            depth = min(bracket_levels)
            parent_stack = parent_stack[:depth] or [None]
            bracket_levels = {lvl for lvl in bracket_levels if lvl < depth}
            colon_levels = {lvl for lvl in colon_levels if lvl < depth}
        if "。" in between:
            parent_stack = [list_parent if _is_list_item(text) else None]
            colon_levels = set()
            bracket_levels = set()
            pending_parent = None
        elif "；" in between or ";" in between:
            keep = max((lvl for lvl in colon_levels if lvl < len(parent_stack)), default=1)
            parent_stack = parent_stack[: max(keep + 1, 1)] if len(parent_stack) > 1 else parent_stack
            colon_levels = {lvl for lvl in colon_levels if lvl < len(parent_stack)}
            pending_parent = None
        # Only a cue after the last clause separator opens a list for the next figure.
        tail = between[max(between.rfind("；"), between.rfind(";"), between.rfind("。")) + 1:]
        cue = _PARENT_CUE.search(squash(tail).rstrip("，,")) or _CUE_WORD.search(tail)
        if cue and last_claim is not None:
            pending_parent = last_claim
        if pending_parent is not None:
            parent_stack.append(pending_parent)
            if ":" in tail or "：" in tail:
                colon_levels.add(len(parent_stack) - 1)
            if _BRACKET_LIST.search(tail):
                bracket_levels.add(len(parent_stack) - 1)
            pending_parent = None
        _percents(between, pos, drafts, last_claim, block, line, file, page)
        seg_start, segment = _segment_before(text, m.start(), matched, unmatched)
        integer, frac, unit_word = m.group(1), m.group(2) or "", m.group(3)
        unit = word_unit(unit_word, Unit.YUAN)
        raw_number = integer + frac
        value = Decimal(raw_number.replace(",", ""))
        decimals = len(frac) - 1 if frac else 0
        where = _new_span_location(file, block, m.start(), m.end(), line, page)
        amount = new_amount(value, unit, decimals, m.group(0), where)
        flat_seg = squash(segment)
        pre = _CHANGE_PREFIX.match(flat_seg)
        if pre:  # 「与上年比较增加公务接待费0.5万元」
            flat_seg = f"{pre.group(1)}{pre.group(3)}{pre.group(2)}"
        change_m = _CHANGE_VERB.search(flat_seg)
        if change_m and (_CHANGE_CUE.search(flat_seg) or flat_seg.endswith(("增加", "减少", "增长", "下降"))):
            subject = _clean_subject(flat_seg[: change_m.start()])
            subject = _CHANGE_CUE.sub("", subject)
            subject = _clean_subject(subject)
            # 「…。较上年增加X元」 opening a sentence speaks of the previous sentence's head figure.
            fallback = previous_root if sentence_start and previous_root is not None else last_claim
            target = _change_target(drafts, para_start, subject, fallback)
            sentence_start = False
            direction = Direction.UP if change_m.group(1) in ("增加", "增长", "上升", "增") else Direction.DOWN
            if value == 0 and direction is Direction.UP:
                direction = Direction.FLAT
            against = _CHANGE_CUE.search(flat_seg)
            change = Change(direction=direction, amount=amount, against=_against(against))
            draft = _Draft(subject or "变动", amount, _concept(subject),
                           None, None, [], text.strip(), where, section, is_change_only=True, change=change)
            drafts.append(draft)
            if target is not None and drafts[target].change is None:
                drafts[target].change = change
            if target is not None and target in parent_stack:
                # The change speaks of the list's head: the list is over.
                parent_stack = parent_stack[: parent_stack.index(target)] or [None]
                colon_levels = {lvl for lvl in colon_levels if lvl < len(parent_stack)}
            last_change = len(drafts) - 1
            last_claim = target if target is not None else last_change
            pos = m.end()
            continue
        path_m = (_PATH.search(segment) or _PATH.search(text[max(0, seg_start - 80):m.start()])) if has_path else None
        path = [normalize_label(g) for g in path_m.groups()] if path_m else []
        code_m = _CODE.search(segment)
        code = code_m.group(1) if code_m else None
        subject_raw = _CODE.sub("", segment)
        subject = _clean_subject(subject_raw)
        if not subject and seg_start > 0 and text[seg_start - 1] in "：:":
            _, prev_seg = _segment_before(text, seg_start - 1)
            subject = _clean_subject(_CODE.sub("", prev_seg))
        if path:
            subject = path[-1]
        subject = _LEVEL_MARK.sub("", subject)
        year = _year_of(flat_seg, doc_year)
        concept = _concept(subject)
        in_list = seg_start > 0 and text[seg_start - 1] == "、"
        parent = next((p for p in reversed(parent_stack) if p is not None), None)
        drafts.append(
            _Draft(subject or "（未说明）", amount, concept, year, code, path, text.strip(), where, section, parent,
                   in_list=in_list)
        )
        last_claim = len(drafts) - 1
        sentence_start = False
        if sentence_root is None and parent is None:
            sentence_root = last_claim
        pos = m.end()
    _percents(text[pos:], pos, drafts, last_claim, block, line, file, page)


_THRESHOLD_AFTER = re.compile(r"^\s*(以上|以下|以内|及以上|及以下|起|提高至|降低至|调整为|的(设备|资产|项目))")
_THRESHOLD_BEFORE = re.compile(r"(由|至|限额|最高|最低|不超过|不低于|起付线|标准为?|单价|超过|每人|每年|人均)$")


def _is_threshold(text: str, m: re.Match[str]) -> bool:
    return bool(_THRESHOLD_AFTER.match(text[m.end():m.end() + 6]) or
                _THRESHOLD_BEFORE.search(squash(text[max(0, m.start() - 6):m.start()])))


def _is_list_item(text: str) -> bool:
    return bool(_LIST_ITEM.match(text))


def _against(m: re.Match[str] | None) -> str:
    if m is None:
        return "上年"
    word = m.group(2)
    return "上年" if word in ("上年", "上一年", "去年") else word.rstrip("度")


def _change_target(drafts: list[_Draft], para_start: int, subject: str, last: int | None) -> int | None:
    concept = _concept(subject)
    if concept is not None:
        for i in range(len(drafts) - 1, -1, -1):
            d = drafts[i]
            if not d.is_change_only and d.concept == concept:
                return i
    if subject:
        for i in range(len(drafts) - 1, para_start - 1, -1):
            d = drafts[i]
            if not d.is_change_only and (d.subject.endswith(subject) or subject.endswith(d.subject)):
                return i
    if last is not None and not drafts[last].is_change_only:
        d = drafts[last]
        # 「收入X元，其中A元、B元，较上年减少Y元」: the change speaks of the whole, not of B.
        if d.in_list and d.parent is not None:
            return d.parent
        return last
    return None


def _year_of(segment: str, doc_year: int | None) -> int | None:
    m = YEAR.search(segment)
    if m:
        return int(m.group(1))
    if doc_year is not None and ("上年末" in segment or "上年底" in segment):
        return doc_year - 1
    return None


def _percents(
    chunk: str, offset: int, drafts: list[_Draft], last: int | None, block: int, line: int | None, file: str,
    page: int | None = None,
) -> None:
    if last is None:
        return
    for m in _PERCENT.finditer(chunk):
        before = squash(chunk[: m.start()])[-14:]
        number = m.group(1)
        decimals = len(number.split(".")[1]) if "." in number else 0
        where = _new_span_location(file, block, offset + m.start(), offset + m.end(), line, page)
        pct = new_percent(Decimal(number), decimals, m.group(0), where)
        d = drafts[last]
        if _PCT_CHANGE.search(before):
            if d.change is not None and d.change.percent is None:
                d.change = d.change.model_copy(update={"percent": pct})
        elif _PCT_COMPLETION.search(before):
            if d.completion is None:
                d.completion = pct
        elif "占" in before and d.share is None:
            d.share = pct
            of = _PCT_OF.search(before)
            if of and of.group(1):
                d.share_of = match_concept(of.group(1).rstrip("的"), exact=False) or of.group(1).rstrip("的")


_new_claim = maker(Claim, "subject", "value", "concept", "year", "share", "share_of", "change", "completion",
                   "parent", "code", "path", "section", "text", "where")


def _to_claim(d: _Draft, new_index: dict[int, int]) -> Claim:
    return _new_claim(d.subject, d.value, d.concept, d.year, d.share, d.share_of, d.change, d.completion,
                      new_index.get(d.parent) if d.parent is not None else None, d.code, d.path, d.section, d.text,
                      d.where)
