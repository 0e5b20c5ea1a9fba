"""Figures stated in prose (claims) and the headings of the narrative.

Written by hand: no library parses Chinese budget prose. A claim is a money figure with the
phrase before it as its subject; percentages after it are its share, its change or its
completion rate; 「较上年减少…」 clauses attach a change to the figure they speak of; 「其中」,
「包括」 and 「主要用于」 make the following figures parts of the one before.

Four steps sit on top of that:

- **Flows.** The reader joins wrapped lines into paragraphs, but not always (a PDF page whose
  margin it cannot tell gives one paragraph a line). A paragraph that stops mid-sentence goes on
  in the next one unless that one opens a heading or a list item, or the first is a heading.
- **Roles.** An item of a 情况说明 often states several figures of one subject: 「年初预算为X万元，
  全年预算为Y万元，支出决算为Z万元，完成年初预算的P%」, 「2025年预算执行数为X万元，2026年预算安排Y
  万元，比2025年预算执行数减少P%」. The role word ending a figure's clause is its ``role``; a clause
  holding only a role word speaks of the subject of its statement or of its item
  (「1、…（类）…（款）…（项）。」), and the figures of one subject form a ``group``.
- **Parts by role.** The parts of a list under a group (「…年初预算为X，支出决算为Y。其中：1、…」)
  are linked to the member of the head's group with their own role: 年初预算 under 年初预算,
  决算 under 决算, never across roles.
- **Comparisons.** 「决算数大于/小于/与预算数持平」 is kept on the 决算 figure (``versus``) with the
  budget it names, for the checker to compare with the figures.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from budgetlens.extract.builders import new_amount, new_percent
from budgetlens.extract.headers import squash
from budgetlens.extract.metadata import YEAR
from budgetlens.extract.numbers import ascii_digits_prose
from budgetlens.extract.units import PROSE_UNIT_WORD, word_unit
from budgetlens.model import Amount, Change, Claim, Direction, Level, Location, Percent, Section, Unit
from budgetlens.model.narrative import Role, Versus
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
_LEVEL_OF = {"类": Level.CLASS, "款": Level.SECTION, "项": Level.ITEM}
_PATH_MARK = re.compile(r"([^（(）)：:，,。；;、“”\"《》\d\s]+?)\s*[（(](类|款|项)[)）]")
_CODE = re.compile(r"[（(]\s*(\d{3}(?:\d{2}){0,2})\s*[)）]")
_LEAD_NOISE = re.compile(
    r"^(?:[（(]?\d+[)）.、．]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)?\s*"
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
# a list item's number: 「1、」 「1.」 (not 「100.00%」) 「（1）」 「（一）」
_LIST_ITEM = re.compile(r"^\s*([（(]\d+[)）]|\d+(?:、|[.．](?!\d))|[（(][一二三四五六七八九十]+[)）])")
_OPENS_LIST = re.compile(r"(其中|主要包括|包括|主要用于以下(?:几个)?方面)[:：]\s*$")
_AS_FOLLOWS = re.compile(r"如下[:：]\s*$")
_CUE_WORD = re.compile(r"(其中|包括|主要是|主要为|主要用于|主要包括)[:：]?")
_REASON = re.compile(r"原因")  # a sentence giving a reason: its figures explain, they head no list
_BARE_CUE = re.compile(r"^\s*(?:其中|具体包括|具体如下|分别为)")
_BRACKET_LIST = re.compile(r"[（(]\s*(其中|包括)")
_LEVEL_MARK = re.compile(r"[（(](类|款|项)[)）]")
_EXPENSE_END = re.compile(r"支出$")
_DIGIT = re.compile(r"\d")
_BRACKET_CHARS = re.compile(r"[（()）；;。]")
_PCT_CHANGE = re.compile(r"(下降|减少|增长|增加|上升|降低|减)$")
_PCT_COMPLETION = re.compile(r"完成(年初|全年|调整后?的?)?(?:预算|计划)?数?的?$")
_PCT_OF = re.compile(r"占(.+?)的?$")

# ---- roles: the word ending a figure's clause, and how it reads
_ROLE_TAIL = re.compile(
    r"(年初预算数?|全年(?:调整)?预算数?|调整后?的?预算数?|调整数|(?:支出)?决算数?|(?:预算|实际)?执行数"
    r"|预算安排数?|预算数|预算)(?:为|是|共计|合计|总额为?)?[:：]?$"
)
# what may stand before a role word and still leave the clause without a subject of its own
_BARE_REST = re.compile(r"^(?:当年|本年度?|全年|完成|其中|合计|共)?$")
_BASE_WORDS = {"年初": Role.INITIAL, "全年": Role.ADJUSTED, "调整": Role.ADJUSTED, "调整后": Role.ADJUSTED,
               "调整后的": Role.ADJUSTED, "调整的": Role.ADJUSTED}
_VERSUS_CMP = re.compile(
    r"决算数?\s*(大于|超过|高于|多于|小于|低于|少于|等于)\s*(年初|全年|调整后?的?)?\s*预算数?"
    rf"(?:\s*(\d[\d,]*(?:\.\d+)?)\s*({PROSE_UNIT_WORD}))?"
)
_VERSUS_EQ = re.compile(
    r"决算数?\s*(?:与|同|和|跟)\s*(年初|全年|调整后?的?)?\s*预算数?\s*(基本)?\s*(?:持平|相等|一致|相同)"
)
_VERSUS_WORDS = {"大于": Direction.UP, "超过": Direction.UP, "高于": Direction.UP, "多于": Direction.UP,
                 "小于": Direction.DOWN, "低于": Direction.DOWN, "少于": Direction.DOWN, "等于": Direction.FLAT}

# ---- flows: where one paragraph goes on in the next
_SENTENCE_END = ("。", "；", ";", "！", "？", "!", "?", "：", ":")
_TITLE_MAX = 25  # a line this short without figures or punctuation is a title, not a wrapped line
_TITLE_PUNCT = re.compile(r"[，,。；;：:、！？!?]")
_HEADING_WORD_END = re.compile(r"(说明|情况|概况|内容|方面|简介|职能|职责|设置)$")
_CN_HEADING = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")
_HEADING_MAX = 40  # the longest line read as a heading
_TABLE_TITLE_MAX = 100  # the longest line read as a table title (「…绩效目标表」)


@dataclass(slots=True)
class _Piece:
    """One reader paragraph inside a flow: where its text starts in the flow, and its place."""

    offset: int
    block: int
    line: int | None
    page: int | None
    length: int


@dataclass(slots=True)
class _Flow:
    """A logical paragraph: reader paragraphs joined where a sentence runs on."""

    text: str
    pieces: list[_Piece]
    file: str

    def span(self, start: int, end: int) -> Location:
        """The place of ``text[start:end]``, in the reader paragraph where it starts."""
        i = max(bisect_right([p.offset for p in self.pieces], start) - 1, 0)
        p = self.pieces[i]
        return _new_span_location(self.file, p.block, start - p.offset, min(end - p.offset, p.length), p.line,
                                  p.page)


def _title_like(text: str) -> bool:
    """A heading or a title line: short, no figure, and no punctuation of running text."""
    if len(text) > _HEADING_MAX or _MONEY.search(text):
        return False
    if _CN_HEADING.match(squash(text)) or _HEADING_WORD_END.search(text):
        return True
    bare = YEAR.sub("", text)  # 「青石县档案馆2024年度部门决算」: a year is a title's only figure
    return len(bare) <= _TITLE_MAX and not _TITLE_PUNCT.search(bare) and not _DIGIT.search(bare)


def _opens_part(text: str) -> bool:
    """Whether a paragraph opens a heading, a list item or a table title: it starts something new."""
    flat = squash(text)
    return bool(_LIST_ITEM.match(flat) or _CN_HEADING.match(flat)
                or (len(text) <= _TABLE_TITLE_MAX and text.endswith("表")))


def _continues(prev: str, nxt: str) -> bool:
    """Whether paragraph ``nxt`` goes on the sentence that ``prev`` left unfinished."""
    p, n = prev.rstrip(), nxt.strip()
    if not p or not n or p.endswith(_SENTENCE_END):
        return False
    return not (_opens_part(n) or _title_like(p) or _title_like(n))


# a list item printed run on after the previous one's last sentence (「…预期。6、社会保障…」)
_RUN_ON_ITEM = re.compile(r"(?<=。)\s*(?=(?:\d{1,2}、|[（(]\d{1,2}[)）])\S)")


def _flows(blocks: list[Block], file: str) -> Iterator[_Flow]:
    for flow in _joined(blocks, file):
        yield from _split_items(flow)


def _split_items(flow: _Flow) -> Iterator[_Flow]:
    cuts = [m.end() for m in _RUN_ON_ITEM.finditer(flow.text)]
    if not cuts:
        yield flow
        return
    bounds = [0, *cuts, len(flow.text)]
    for a, b in pairwise(bounds):
        pieces = [_Piece(p.offset - a, p.block, p.line, p.page, p.length) for p in flow.pieces]
        yield _Flow(flow.text[a:b], pieces, flow.file)


def _joined(blocks: list[Block], file: str) -> Iterator[_Flow]:
    parts: list[tuple[int, Paragraph, str]] = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            if parts:
                yield _make_flow(parts, file)
                parts = []
            continue
        text = ascii_digits_prose(block.text)
        if parts and not _continues(parts[-1][2], text):
            yield _make_flow(parts, file)
            parts = []
        parts.append((index, block, text))
    if parts:
        yield _make_flow(parts, file)


def _make_flow(parts: list[tuple[int, Paragraph, str]], file: str) -> _Flow:
    if len(parts) == 1:
        index, block, text = parts[0]
        return _Flow(text, [_Piece(0, index, block.line, block.page, len(text))], file)
    pieces: list[_Piece] = []
    texts: list[str] = []
    offset = 0
    for i, (index, block, text) in enumerate(parts):
        piece = text.rstrip() if i < len(parts) - 1 else text
        if i:
            piece = piece.lstrip()
            lead = len(text) - len(text.lstrip())
        else:
            lead = 0
        pieces.append(_Piece(offset - lead, index, block.line, block.page, len(text)))
        texts.append(piece)
        offset += len(piece)
    return _Flow("".join(texts), pieces, file)


# ---- items: a list item or a paragraph opening with a 类/款/项 path names the subject of its figures

@dataclass(slots=True)
class _Item:
    subject: str
    path: list[str]
    code: str | None
    level: Level | None
    root: int | None = None  # the draft that heads the item's group


def _marks(text: str) -> tuple[list[str], Level | None, tuple[int, int] | None]:
    """The 类/款/项 path marked in ``text`` (its last unbroken run): the names when the run is a whole
    path from 类 to 项 (empty otherwise), the level of its last name, and the span of the run."""
    runs: list[list[re.Match[str]]] = []
    if not _LEVEL_MARK.search(text):  # the cheap test first: most paragraphs mark no level
        return [], None, None
    for m in _PATH_MARK.finditer(text):
        if runs and text[runs[-1][-1].end():m.start()].strip() == "":
            runs[-1].append(m)
        else:
            runs.append([m])
    if not runs:
        return [], None, None
    run = runs[-1]
    levels = [m.group(2) for m in run]
    order = "类款项"
    start = order.index(levels[0])
    if levels != list(order[start:start + len(levels)]):
        return [], None, None
    names = [normalize_label(m.group(1).strip("“”\"")) for m in run]
    path = names if len(names) == len(order) else []
    return path, _LEVEL_OF[levels[-1]], (run[0].start(), run[-1].end())


def _head(text: str) -> str:
    """The text of a paragraph up to its first delimiter outside brackets (an item's title)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(depth - 1, 0)
        elif depth == 0 and ch in "，,。；;：:":
            return text[:i]
    return text


def _item_of(text: str) -> _Item | None:
    """The item a paragraph opens: a numbered line, or one whose head is a 类/款/项 path."""
    head = _head(text)
    path, level, span = _marks(head)
    numbered = _LIST_ITEM.match(text)
    if span is None and (not numbered or _title_like(text)):
        return None
    code_m = _CODE.search(head)
    if span is not None:
        subject = path[-1] if path else normalize_label(_PATH_MARK.findall(head[span[0]:span[1]])[-1][0])
    else:
        subject = _clean_subject(_CODE.sub("", squash(head)))
        if _MONEY.search(head) or not subject:
            return None
    return _Item(subject, path, code_m.group(1) if code_m else None, level)


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
    role: Role | None = None
    group: int | None = None
    level: Level | None = None
    completion_of: Role | None = None
    versus: Versus | None = None
    base: str = ""  # the subject without its role word: what a bare clause of its statement speaks of
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


# an organisation's name before a subject, with a tag such as 「（本级）」 after it
_ORG_PREFIX = re.compile(
    r"^[\u4e00-\u9fff]{2,20}?(?:局|中心|机构|委员会|办公室|院|所|部)(?:[（(][^（()）]{1,6}[)）])?(?=.{2,})")
_HARMLESS_SUFFIX = {"财政拨款", "财政拨款支出", "支出", "金额"}
_NOTE_END = re.compile(r"[（(][^（()）]*[)）]$")  # 「政府采购金额（以合同签订为准）」
_HARMLESS_PREFIX = {"年度", "本年", "当年", "全年", "部门", "单位", "本部门", "本单位", "财政拨款", "一般公共预算",
                    "一般公共预算财政拨款", "部门预算", "预算", "年初", "年末", "全部", "安排", "累计"}


@lru_cache(maxsize=8192)
def _concept(subject: str) -> str | None:
    """Concept key of a subject phrase; conservative: a qualified phrase (「某项目支出」) maps to nothing.

    Tried in turn: the phrase, without an organisation's name before it, and each without a
    budget word at its end (「基本支出预算」 is 基本支出); then a synonym ending the phrase after a
    prefix that does not change what it is (「本年」「财政拨款」 …).
    """
    if not subject:
        return None
    bases = [subject]
    no_org = _ORG_PREFIX.sub("", subject)
    if no_org != subject:
        bases.append(_clean_subject(no_org))
    variants: list[str] = []
    for base in bases:
        base = _NOTE_END.sub("", base) or base
        variants.append(base)
        trimmed = _CONCEPT_TRIM.sub("", base)
        if trimmed != base and len(trimmed) >= 2:
            variants.append(trimmed)
        bare = _EXPENSE_END.sub("", trimmed)
        if bare != trimmed and len(bare) >= 2:
            variants.append(bare)
    for v in variants:
        found = match_concept(v, exact=True)
        if found:
            return found
    for v in variants:
        for syn, key in concept_synonyms():
            if v.endswith(syn) and v[: -len(syn)] in _HARMLESS_PREFIX:
                return key
            if v.startswith(syn) and v[len(syn):] in _HARMLESS_SUFFIX:
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


# a heading run on into its section's first sentence: 「（三）国有资产占有使用情况：截至…」
_RUN_IN_HEADING = re.compile(rf"^([^：:。；;，,]{{2,{_HEADING_MAX}}}?(?:说明|情况|概况))[：:]")


def _heading_text(text: str) -> str | None:
    """The heading a paragraph is, or opens (run in before 「：」); None for running text.
    A heading is short, except the title of a project's target table, which carries the
    project's whole name (「4、城乡医疗保障救助县配套（建档立卡户…）绩效目标表」)."""
    if len(text) <= (_TABLE_TITLE_MAX if text.endswith("表") else _HEADING_MAX) and not text.endswith(("。", "；")):
        return text
    run_in = _RUN_IN_HEADING.match(text)
    return run_in.group(1) if run_in else None


def find_sections(blocks: list[Block], file: str) -> list[Section]:
    out: list[Section] = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        text = _heading_text(block.text.strip())
        if text is None:
            continue
        m = _HEADING.match(squash(text))
        if not m:
            continue
        head = m.group(1)
        level = 0 if head.startswith("第") else 1 if "、" in head and not head[0].isdigit() else 2
        out.append(_new_section(text, level, _new_block_location(file, index, block.line, block.page)))
    return out


@dataclass(slots=True)
class _ListState:
    """What the paragraphs read so far say about the list the next one may belong to."""

    section: str | None = None
    list_parent: int | None = None  # a paragraph ended with 「其中：」: the next list items are its parts
    sub_parent: int | None = None  # a paragraph began with 「其中：」: it and the next unnumbered ones are parts
    prev_first: int | None = None  # first figure of the previous paragraph that had figures
    header_numbered: bool = False  # the list_parent paragraph was itself a numbered list header
    numbered_seen: bool = False  # numbered items were read under list_parent
    prev_root: int | None = None  # what a list after the previous paragraph with figures would be parts of
    item: _Item | None = None  # the item the paragraph belongs to


def extract_claims(blocks: list[Block], file: str, doc_year: int | None) -> list[Claim]:
    drafts: list[_Draft] = []
    st = _ListState()
    for flow in _flows(blocks, file):
        _read_flow(flow, doc_year, drafts, st)
    _refine_by_parent(drafts)
    _route_parents(drafts)
    # Change-only clauses were attached to the figure they speak of; renumber the parents.
    kept = [i for i, d in enumerate(drafts) if not d.is_change_only]
    new_index = {old: new for new, old in enumerate(kept)}
    return [_to_claim(drafts[i], new_index) for i in kept]


def _read_flow(flow: _Flow, doc_year: int | None, drafts: list[_Draft], st: _ListState) -> None:
    stripped = flow.text.strip()
    if len(stripped) <= _TABLE_TITLE_MAX and stripped.endswith("表"):
        return  # a table title (「…（免医疗250元…）绩效目标表」) states no figures
    if len(stripped) <= _HEADING_MAX and _HEADING.match(squash(stripped)) and not _MONEY.search(stripped) \
            and not _LEVEL_MARK.search(stripped):  # 「1、…（类）…（项）。」 is an item of a list, not a heading
        st.section = stripped
        st.list_parent = st.sub_parent = st.item = None
    list_item = _is_list_item(stripped)
    item = _item_of(stripped)
    if item is not None:
        st.item = item
    elif list_item or _HEADING.match(squash(stripped)):
        st.item = None
    if stripped.startswith(("其中:", "其中：")) and st.prev_first is not None:
        st.sub_parent = st.prev_first
    elif list_item:
        st.sub_parent = None
    first_in_para = len(drafts)
    ends_with_cue = _OPENS_LIST.search(stripped) is not None
    opens_list = list_item and ends_with_cue
    if list_item and st.list_parent is not None:
        st.numbered_seen = True
    elif st.numbered_seen and st.list_parent is not None and st.sub_parent is None and _own_subject(stripped):
        st.list_parent = None  # 「此外，基本支出…」 after numbered items: the list is over
    # A numbered paragraph that opens a new list after another such header is that header's
    # sibling (「(2) …其中：」 after 「(1) …其中：」), not one of its items.
    if opens_list and st.header_numbered and st.list_parent is not None:
        parent: int | None = drafts[st.list_parent].parent
    else:
        parent = st.sub_parent if st.sub_parent is not None else st.list_parent
    # the rest of an item the reader printed as paragraphs of their own (「1、…（项）。」 「主要用于：…年初预算为…」)
    in_item = list_item or (st.item is not None and st.numbered_seen and not _own_subject(stripped))
    last_root = _claims_of_paragraph(flow, doc_year, st.section, drafts, parent, st.item, in_item)
    new = drafts[first_in_para:]
    if new:
        st.prev_first = _first_value_claim(drafts, first_in_para)
        st.prev_root = last_root
    elif ends_with_cue and _BARE_CUE.search(stripped.split("。")[-1]) and st.prev_root is not None:
        last_root = st.prev_root  # 「…完成年初预算的P%。」 then 「决算数小于预算数的主要原因：…。其中：」
        new = [drafts[last_root]]
    if ends_with_cue and new:
        st.list_parent = last_root
        st.header_numbered = opens_list
        st.numbered_seen = False
        st.sub_parent = None
    elif _AS_FOLLOWS.search(stripped) and new:
        # parts listed 「…。具体情况如下：」 go on the list they detail; after a head, its parts
        st.list_parent = new[0].parent if new[0].parent is not None else last_root
        st.header_numbered = st.numbered_seen = False
    elif st.list_parent is not None and not new and len(stripped) > 60:
        st.list_parent = st.sub_parent = None  # plain narrative without figures ends a list


def _own_subject(text: str) -> bool:
    """Whether the first figure of a paragraph has a subject of its own (not only a role word)."""
    m = _MONEY.search(text)
    if m is None:
        return False
    _, segment = _segment_before(text, m.start(), *_brackets(text))
    flat = squash(segment)
    role_m = _ROLE_TAIL.search(flat)
    rest = _clean_subject(flat[: role_m.start()]) if role_m else _clean_subject(flat)
    return bool(rest) and not _BARE_REST.match(_YEAR_PREFIX.sub("", rest))


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


def _route_parents(drafts: list[_Draft]) -> None:
    """A part is a part of the head's figure of its own role: 年初预算 of an item under the head's
    年初预算, its 决算 under the head's 决算. A part whose role the head's group lacks has no parent."""
    members: dict[int, list[int]] = {}
    for i, d in enumerate(drafts):
        if d.group is not None:
            members.setdefault(d.group, []).append(i)
    for d in drafts:
        if d.parent is None:
            continue
        head = drafts[d.parent]
        if head.group is None or head.role == d.role:
            continue
        same = [j for j in members.get(head.group, []) if drafts[j].role == d.role]
        d.parent = same[0] if len(same) == 1 else None


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


@dataclass(slots=True)
class _Walk:
    """The state of the walk over the figures of one paragraph."""

    parent_stack: list[int | None]
    colon_levels: set[int] = field(default_factory=set)  # stack depths opened by 「：」 lists, split by 「；」
    bracket_levels: set[int] = field(default_factory=set)  # depths opened inside brackets: end at the bracket
    pending_parent: int | None = None
    last_claim: int | None = None
    sentence_root: int | None = None  # the first top-level figure of the current sentence
    previous_root: int | None = None
    sentence_first: int | None = None  # the first figure of the current sentence
    sentence_pos: int = 0  # where the current sentence starts
    last_root: int | None = None  # the first figure of the last sentence with figures (not a reason's)
    last_parts: bool = False  # that sentence lists parts of its first figure
    statement: int | None = None  # the draft whose subject a bare role clause of this sentence speaks of
    sentence_start: bool = True
    pos: int = 0


def _claims_of_paragraph(
    flow: _Flow,
    doc_year: int | None,
    section: str | None,
    drafts: list[_Draft],
    list_parent: int | None,
    item: _Item | None = None,
    in_item: bool = False,
) -> int | None:
    """Append the claims of one paragraph; return the figure a list after it would be parts of."""
    text = flow.text
    moneys = list(_MONEY.finditer(text)) if "元" in text else []
    if not moneys:
        return None  # no figure, and percentages only attach to one
    para_start = len(drafts)
    w = _Walk([list_parent])
    matched, unmatched = _brackets(text)
    versus = _versus_spans(text)
    has_path = "类" in text or "款" in text or "项" in text  # cheap test before the path searches
    for k, m in enumerate(moneys):
        span = _inside(m.start(), matched)
        if span is not None and not _LIST_BRACKET.match(text[span[0]:span[1]]):
            continue  # a figure in brackets is a detail: 「（建档立卡户8638人，免医疗250元）」
        loose = _inside(m.start(), unmatched)
        if loose is not None and k + 1 < len(moneys) and moneys[k + 1].start() < loose[1]:
            continue  # an unclosed bracket: only the clause's last figure is the clause's own
        if _is_threshold(text, m) or _inside(m.start() + 1, versus) is not None:
            continue  # 「单价50万元以上」: a limit; 「决算数大于预算数5万元」: a comparison, kept on the 决算
        between = text[w.pos:m.start()]
        _structure(w, between, list_parent if in_item else None)
        _percents(between, w.pos, drafts, w.last_claim, flow)
        _versus(between, w.pos, drafts, para_start, flow)
        seg_start, segment = _segment_before(text, m.start(), matched, unmatched)
        amount = _amount(m, flow)
        if _change_clause(w, segment, amount, text, section, drafts, para_start):
            w.pos = m.end()
            continue
        draft = _value_draft(w, segment, seg_start, amount, flow, doc_year, section, drafts, item, has_path)
        drafts.append(draft)
        _join_statement(w, drafts, len(drafts) - 1, item)
        w.last_claim = len(drafts) - 1
        w.sentence_start = False
        if w.sentence_first is None:
            w.sentence_first = w.last_claim
            if not _REASON.search(text[w.sentence_pos:m.start()]):  # 「主要原因是：新增…13万元」 heads nothing
                w.last_root, w.last_parts = w.last_claim, False
        elif draft.parent is not None and draft.parent == w.last_root == w.sentence_first:
            w.last_parts = True
        if w.sentence_root is None and draft.parent is None:
            w.sentence_root = w.last_claim
        w.pos = m.end()
    _percents(text[w.pos:], w.pos, drafts, w.last_claim, flow)
    _versus(text[w.pos:], w.pos, drafts, para_start, flow)
    if "。" not in text[w.pos:] and w.last_claim is not None:
        return _last_value_claim(drafts, para_start)  # 「…总计X万元，其中：」: the list is of the last figure
    # 「A X万元，其中B Y万元。具体如下：」 may list the parts of A or of B: not sure, none
    return None if w.last_parts else w.last_root


def _structure(w: _Walk, between: str, item_parent: int | None) -> None:
    """Sentence and clause structure between the previous figure and this one. A new sentence of a
    list item is still a part of the list's head (``item_parent``); of another paragraph, of nothing."""
    if "。" in between:
        w.previous_root, w.sentence_root, w.sentence_start = w.sentence_root, None, True
        w.sentence_first = w.statement = None
        w.sentence_pos = w.pos + between.rfind("。") + 1
    if w.bracket_levels and (")" in between or "）" in between):
        depth = min(w.bracket_levels)
        w.parent_stack = w.parent_stack[:depth] or [None]
        w.bracket_levels = {lvl for lvl in w.bracket_levels if lvl < depth}
        w.colon_levels = {lvl for lvl in w.colon_levels if lvl < depth}
    if "。" in between:
        w.parent_stack = [item_parent]
        w.colon_levels = set()
        w.bracket_levels = set()
        w.pending_parent = None
    elif "；" in between or ";" in between:
        keep = max((lvl for lvl in w.colon_levels if lvl < len(w.parent_stack)), default=1)
        w.parent_stack = w.parent_stack[: max(keep + 1, 1)] if len(w.parent_stack) > 1 else w.parent_stack
        w.colon_levels = {lvl for lvl in w.colon_levels if lvl < len(w.parent_stack)}
        w.pending_parent = None
    # Only a cue after the last clause separator opens a list for the next figure.
    tail = between[max(between.rfind("；"), between.rfind(";"), between.rfind("。")) + 1:]
    cue = _PARENT_CUE.search(squash(tail).rstrip("，,")) or _CUE_WORD.search(tail)
    # A cue in a new sentence or clause opens a list of the last figure only when it names no
    # subject of its own (「。其中：」 「；其中：」); 「；支出包括：」 lists the parts of a total it does not state.
    new_clause = any(sep in between for sep in ("。", "；", ";"))
    if cue and w.last_claim is not None and (not new_clause or _BARE_CUE.match(tail)):
        w.pending_parent = w.last_claim if "。" not in between else (w.last_root or w.last_claim)
    if w.pending_parent is not None:
        w.parent_stack.append(w.pending_parent)
        if ":" in tail or "：" in tail:
            w.colon_levels.add(len(w.parent_stack) - 1)
        if _BRACKET_LIST.search(tail):
            w.bracket_levels.add(len(w.parent_stack) - 1)
        w.pending_parent = None


def _amount(m: re.Match[str], flow: _Flow) -> Amount:
    integer, frac, unit_word = m.group(1), m.group(2) or "", m.group(3)
    value = Decimal((integer + frac).replace(",", ""))
    decimals = len(frac) - 1 if frac else 0
    return new_amount(value, word_unit(unit_word, Unit.YUAN), decimals, m.group(0), flow.span(m.start(), m.end()))


def _change_clause(w: _Walk, segment: str, amount: Amount, text: str, section: str | None, drafts: list[_Draft],
                   para_start: int) -> bool:
    """Read 「较上年减少X元」: attach the change to the figure it speaks of. False when it is none."""
    flat_seg = squash(segment)
    pre = _CHANGE_PREFIX.match(flat_seg)
    if pre:  # 「与上年比较增加公务接待费0.5万元」
        flat_seg = f"{pre.group(1)}{pre.group(3)}{pre.group(2)}"
    change_m = _CHANGE_VERB.search(flat_seg)
    if not (change_m and (_CHANGE_CUE.search(flat_seg) or flat_seg.endswith(("增加", "减少", "增长", "下降")))):
        return False
    subject = _clean_subject(flat_seg[: change_m.start()])
    subject = _CHANGE_CUE.sub("", subject)
    subject = _clean_subject(subject)
    # 「…。较上年增加X元」 opening a sentence speaks of the previous sentence's head figure.
    fallback = w.previous_root if w.sentence_start and w.previous_root is not None else w.last_claim
    target = _change_target(drafts, para_start, subject, fallback)
    w.sentence_start = False
    direction = Direction.UP if change_m.group(1) in ("增加", "增长", "上升", "增") else Direction.DOWN
    if amount.value == 0 and direction is Direction.UP:
        direction = Direction.FLAT
    against = _CHANGE_CUE.search(flat_seg)
    change = Change(direction=direction, amount=amount, against=_against(against))
    assert amount.where is not None
    draft = _Draft(subject or "变动", amount, _concept(subject),
                   None, None, [], text.strip(), amount.where, section, is_change_only=True, change=change)
    drafts.append(draft)
    if target is not None and drafts[target].change is None:
        drafts[target].change = change
    if target is not None and target in w.parent_stack:
        # The change speaks of the list's head: the list is over.
        w.parent_stack = w.parent_stack[: w.parent_stack.index(target)] or [None]
        w.colon_levels = {lvl for lvl in w.colon_levels if lvl < len(w.parent_stack)}
    last_change = len(drafts) - 1
    w.last_claim = target if target is not None else last_change
    return True


def _value_draft(w: _Walk, segment: str, seg_start: int, amount: Amount, flow: _Flow, doc_year: int | None,
                 section: str | None, drafts: list[_Draft], item: _Item | None, has_path: bool) -> _Draft:
    text = flow.text
    flat_seg = squash(segment)
    path: list[str] = []
    level: Level | None = None
    leaf: str | None = None
    if has_path:
        path, level, span = _marks(segment)
        if span is not None and level is Level.ITEM:  # 「检察（款）行政运行（项）支出」 is 行政运行
            leaf = normalize_label(_PATH_MARK.findall(segment[span[0]:span[1]])[-1][0])
    code_m = _CODE.search(segment)
    code = code_m.group(1) if code_m else None
    subject_raw = _CODE.sub("", segment)
    subject = _clean_subject(subject_raw)
    if not subject and seg_start > 0 and text[seg_start - 1] in "：:":
        _, prev_seg = _segment_before(text, seg_start - 1)
        subject = _clean_subject(_CODE.sub("", prev_seg))
    if leaf is not None:
        subject = leaf
    subject = _LEVEL_MARK.sub("", subject)
    role, base = _role(flat_seg, subject)
    year = _year_of(flat_seg, doc_year)
    concept = _concept(subject) or (_concept(base) if base and base != subject else None)
    in_list = seg_start > 0 and text[seg_start - 1] == "、" and not _LIST_ITEM.fullmatch(text[:seg_start])
    parent = next((p for p in reversed(w.parent_stack) if p is not None), None)
    assert amount.where is not None
    return _Draft(subject or "（未说明）", amount, concept, year, code, path, text.strip(), amount.where, section,
                  parent, in_list=in_list, role=role, level=level, base=base)


def _role(flat_seg: str, subject: str) -> tuple[Role | None, str]:
    """The role a clause's last words name, and the subject without them ("" when only they are left)."""
    m = _ROLE_TAIL.search(flat_seg)
    if m is None:
        return None, subject
    word = m.group(1)
    if word.startswith("年初"):
        role = Role.INITIAL
    elif word.startswith(("全年", "调整")):
        role = Role.ADJUSTED
    elif "决算" in word:
        role = Role.FINAL
    elif "执行" in word:
        role = Role.EXECUTED
    else:
        role = Role.BUDGET
    rest = _clean_subject(_LEVEL_MARK.sub("", _CODE.sub("", flat_seg[: m.start()])))
    rest = _YEAR_PREFIX.sub("", rest)
    return role, "" if _BARE_REST.match(rest) else rest


def _join_statement(w: _Walk, drafts: list[_Draft], index: int, item: _Item | None) -> None:
    """Give a bare role clause the subject of its statement or item, and put them in one group."""
    d = drafts[index]
    if d.base:  # a subject of its own: it heads the statement of its sentence
        w.statement = index
        if item is not None and item.root is None and d.subject == item.subject:
            item.root = index
        return
    if d.role is None:
        return
    head = w.statement
    if head is not None and (_has_role(drafts, head, d) or _may_be_same(drafts, head, d, item)):
        head = None
    if head is None:
        head = item.root if item is not None else None
        if head is not None and _has_role(drafts, head, d):
            head = None
    if head is not None:
        _adopt(drafts, head, d)
        root = drafts[head].group if drafts[head].group is not None else head
        drafts[head].group = d.group = root
    elif item is not None:
        d.subject, d.base, d.path, d.level = item.subject, item.subject, list(item.path), item.level
        d.code = d.code or item.code
        d.concept = _concept(item.subject)
        if item.root is None:
            item.root = index
    w.statement = w.statement if w.statement is not None else index


def _may_be_same(drafts: list[_Draft], head: int, d: _Draft, item: _Item | None) -> bool:
    """Whether a bare 「预算数为」「决算为」 after a plain figure may be that figure's own role (a budget's
    figures are 预算数): then it is not sure they are two figures of one subject, unless an item says so."""
    return drafts[head].role is None and d.role in (Role.BUDGET, Role.FINAL) and (item is None or item.root != head)


def _adopt(drafts: list[_Draft], head: int, d: _Draft) -> None:
    h = drafts[head]
    d.subject = h.base or h.subject
    d.base = h.base
    d.path, d.level, d.code = list(h.path), h.level, d.code or h.code
    d.concept = h.concept
    if not h.base:
        h.base = h.subject


def _has_role(drafts: list[_Draft], head: int, d: _Draft) -> bool:
    """Whether the group of ``head`` has a figure of ``d``'s role and year already."""
    group = drafts[head].group
    root = group if group is not None else head
    return any((j == head or drafts[j].group == root) and drafts[j].role == d.role and drafts[j].year == d.year
               for j in range(root, len(drafts) - 1))


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


def _percents(chunk: str, offset: int, drafts: list[_Draft], last: int | None, flow: _Flow) -> None:
    if last is None:
        return
    for m in _PERCENT.finditer(chunk):
        before = squash(chunk[: m.start()])[-14:]
        number = m.group(1)
        decimals = len(number.split(".")[1]) if "." in number else 0
        where = flow.span(offset + m.start(), offset + m.end())
        pct = new_percent(Decimal(number), decimals, m.group(0), where)
        d = drafts[last]
        completion = _PCT_COMPLETION.search(before)
        change = _PCT_CHANGE.search(before)
        if change:
            if d.change is None and _CHANGE_CUE.search(before):  # 「比2025年预算执行数减少5.2%」: no amount
                direction = Direction.DOWN if change.group(1) in ("下降", "减少", "降低", "减") else Direction.UP
                d.change = Change(direction=direction, percent=pct, against=_against(_CHANGE_CUE.search(before)))
            elif d.change is not None and d.change.percent is None:
                d.change = d.change.model_copy(update={"percent": pct})
        elif completion:
            if d.completion is None:
                d.completion = pct
                d.completion_of = _BASE_WORDS.get(completion.group(1) or "")
        elif "占" in before and d.share is None:
            d.share = pct
            of = _PCT_OF.search(before)
            if of and of.group(1):
                d.share_of = match_concept(of.group(1).rstrip("的"), exact=False) or of.group(1).rstrip("的")


def _versus_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _VERSUS_CMP.finditer(text) if m.group(3)]


def _versus(chunk: str, offset: int, drafts: list[_Draft], para_start: int, flow: _Flow) -> None:
    """「决算数小于预算数」 in ``chunk``: kept on the 决算 figure of the paragraph it speaks of."""
    for m in _VERSUS_CMP.finditer(chunk):
        amount = None
        if m.group(3):
            value = Decimal(m.group(3).replace(",", ""))
            decimals = len(m.group(3).split(".")[1]) if "." in m.group(3) else 0
            amount = new_amount(value, word_unit(m.group(4), Unit.YUAN), decimals, f"{m.group(3)}{m.group(4)}",
                                flow.span(offset + m.start(3), offset + m.end(4)))
        _attach_versus(chunk, m, Versus(direction=_VERSUS_WORDS[m.group(1)], base=_BASE_WORDS.get(m.group(2) or ""),
                                        amount=amount, where=flow.span(offset + m.start(), offset + m.end())),
                       drafts, para_start)
    for m in _VERSUS_EQ.finditer(chunk):
        _attach_versus(chunk, m, Versus(direction=Direction.FLAT, base=_BASE_WORDS.get(m.group(1) or ""),
                                        approximate=m.group(2) is not None,
                                        where=flow.span(offset + m.start(), offset + m.end())), drafts, para_start)


def _attach_versus(chunk: str, m: re.Match[str], versus: Versus, drafts: list[_Draft], para_start: int) -> None:
    """Keep ``versus`` on the 决算 figure it speaks of: the one its clause names (「“三公”经费支出决算数
    小于预算数」), else, for a bare 「决算数小于预算数」, the last 决算 figure before it."""
    _, clause = _segment_before(chunk, m.start())
    named = _clean_subject(_EXPENSE_END.sub("", _YEAR_PREFIX.sub("", squash(clause))))
    concept = _concept(named) if named else None
    for i in range(len(drafts) - 1, para_start - 1, -1):
        d = drafts[i]
        if d.is_change_only or d.role not in (Role.FINAL, Role.EXECUTED):
            continue
        if named and not (d.concept is not None and d.concept == concept) and not d.subject.startswith(named):
            continue
        if d.versus is None:
            d.versus = versus
        return


_new_claim = maker(Claim, "subject", "value", "concept", "year", "share", "share_of", "change", "completion",
                   "parent", "code", "path", "section", "text", "where", "role", "group", "level", "completion_of",
                   "versus")


def _to_claim(d: _Draft, new_index: dict[int, int]) -> Claim:
    return _new_claim(d.subject, d.value, d.concept, d.year, d.share, d.share_of, d.change, d.completion,
                      new_index.get(d.parent) if d.parent is not None else None, d.code, d.path, d.section, d.text,
                      d.where, d.role, new_index.get(d.group) if d.group is not None else None, d.level,
                      d.completion_of, d.versus)
