"""Entity, year, document kind and scope of a disclosure, read from the whole document.

The entity is voted for by every place a document names its publisher: the cover (the first lines,
joined: a name may be broken over two lines), labels in the header of a table or a form
(「部门名称：…」「单位名称：…」「编制单位：…」「主管部门及代码 | 228_…」), headings
(「第一部分 …概况」「…2024年度部门决算表」) and cells that hold a name alone. A name is read
whole: it runs up to an organisation-name ending (:data:`ORG_ENDINGS`) that is followed by
something that is not part of a name (a year, 「部门预算」, 「概况」, the end of the text), so
「…人民政府万里街道办事处」 is not cut at 「人民政府」. A qualifier printed right after the name
(「（本级）」「（汇总）」) is kept as the cover or header prints it.

Written by hand: the names are Chinese organisation names in running text, which no packaged
tokenizer knows (jieba and the like split them into words and need a dictionary of every body).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from budgetlens.extract.headers import squash
from budgetlens.model import DocumentKind, Entity, PerformanceTarget, Scope, Table, TargetForm
from budgetlens.read.blocks import Block, Grid, Paragraph

# ---------------------------------------------------------------- vocabulary (one place)

#: How the name of a public body ends. Longer endings first (a regex alternation takes the first).
ORG_ENDINGS: tuple[str, ...] = (
    "街道办事处", "管理委员会", "委员会", "人民政府", "办事处", "办公室", "办公厅", "检察院", "法院", "研究院",
    "设计院", "医院", "卫生院", "学院", "大学", "学校", "中学", "小学", "幼儿园", "党校", "中心", "联合会",
    "协会", "学会", "红十字会", "经办机构", "机构", "监狱", "戒毒所", "研究所", "公司", "集团", "支队", "大队",
    "总队", "局", "委", "厅", "部", "署", "办", "院", "所", "站", "队", "馆", "处",
)
#: Qualifiers printed in brackets right after a name that say which part of the body the document covers.
NAME_QUALIFIERS: tuple[str, ...] = ("本级", "汇总", "本部")
#: Labels that introduce the publisher's name (the supervising department is weaker: see weights).
ENTITY_LABELS: tuple[str, ...] = (
    "部门（单位）名称", "单位（部门）名称", "部门名称", "单位名称", "编制单位", "编制部门", "预算单位", "预算主管部门",
    "资金主管部门", "主管部门及代码", "主管部门", "填报单位", "公开单位", "决算单位",
)
_SUPERVISOR_LABELS = frozenset({"主管部门", "主管部门及代码", "资金主管部门", "预算主管部门"})

# Votes for a name by where it is printed, and the limits of where names are looked for.
COVER_WEIGHT = 8
LABEL_WEIGHT = 3
SUPERVISOR_WEIGHT = 2
HEADING_WEIGHT = 2
CELL_WEIGHT = 1
MAX_VOTES_PER_SOURCE = 3  # a name repeated on every page of a form counts no more than this, per kind of place
COVER_MAX_LINES = 6  # the cover: the first lines of the first page, before the contents or the body
COVER_LINE_MAX_CHARS = 40  # a longer line is body text, not a cover line
HEADING_MAX_CHARS = 40  # a paragraph this short may be a heading naming the publisher
NAME_MIN_CHARS = 3
NAME_MAX_CHARS = 40
KIND_HEAD_BLOCKS = 40  # the first blocks, where the document says what it is
SCOPE_HEAD_BLOCKS = 200

_CJK = "\u4e00-\u9fff"
_PLACEHOLDER = "XxＸｘ×某"  # 「上海市XX局」 in a template
_NAME_CHARS = f"[{_CJK}{_PLACEHOLDER}]"
_ENDING = re.compile("|".join(ORG_ENDINGS))
_QUALIFIER = re.compile(r"^（(" + "|".join(NAME_QUALIFIERS) + r")）")
_QUALIFIED = re.compile(r"（(?:" + "|".join(NAME_QUALIFIERS) + r")）$")
_WHOLE_NAME = re.compile(f"{_NAME_CHARS}+(?:（(?:" + "|".join(NAME_QUALIFIERS) + r")）)?")
# What may follow a name in a title, a heading or a label (never a further part of a name).
_AFTER_NAME = re.compile(
    r"^(?:（(?:部门|单位)）|部门|单位|本级|预算|决算|概况|基本情况|主要职能|主要职责|职能|机构设置|关于|是|的|"
    r"年度|绩效|收支|项目|整体|情况|公开|说明|所属|下属|\d|[（(]盖章)"
)
# Words before a name at the start of a segment: a part number, a year's 「年」, an item number.
_BEFORE_NAME = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+部分|附件[一二三四五六七八九十\d]*|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）"
    r"|年度|年|关于)+"
)
_SEGMENT_BREAK = re.compile(r"[\s\d:：,，。；;、“”\"'‘’《》<>/|_\-－—.．·…]+")
_LABEL = re.compile(r"(" + "|".join(re.escape(x) for x in ENTITY_LABELS) + r")[:：]?")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十\d]+部分)")
_SENTENCE_END = re.compile(r"[：:。；;，,]$")  # a line that ends so is a sentence or its lead-in, not a title
# words of a title, never of a body's name
_NOT_IN_NAME = re.compile("公开|说明|目录|报表|情况|概况|决算|部门预算|单位预算|部分")
_STOP_START = re.compile(r"^(?:本|我|该|各|全|其|原|市本级|县本级|区本级|上级|下级|所属|下属|主管|预算)")
_CODE_PREFIX = re.compile(r"^[\dA-Za-z]{2,12}[_\-－—.．\s]*")
_CODE_SUFFIX = re.compile(r"(\d{3,9})$")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "［", "]": "］"})
_REGION = re.compile(r"^(.{1,8}?(?:自治县|自治州|县|市|区|旗|州|省))")

# 「2024年」: a year as the text names it (also used by the narrative for a figure's year)
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_LABEL = re.compile(r"(?:预算年度|年度)[:：]\s*((?:19|20)\d{2})")
_DOC_WORD = re.compile("预算|决算|绩效|年度")


@lru_cache(maxsize=16384)
def normalize_brackets(text: str) -> str:
    """Half-width and mixed brackets as full-width, spaces inside removed: 「(本级）」→「（本级）」."""
    return squash(text).translate(_BRACKETS)


# ---------------------------------------------------------------- names in a text


def _name_at(segment: str) -> str | None:
    """The longest name that starts ``segment`` and ends where a name must end."""
    seg = _BEFORE_NAME.sub("", segment)
    best: str | None = None
    for m in _ENDING.finditer(seg):
        end = m.end()
        q = _QUALIFIER.match(seg[end:])
        if q:
            end += q.end()
        rest = seg[end:]
        if rest and not _AFTER_NAME.match(rest):
            continue
        name = seg[:end]
        if (NAME_MIN_CHARS <= len(_core(name)) <= NAME_MAX_CHARS and _WHOLE_NAME.fullmatch(name)
                and not _NOT_IN_NAME.search(name)):
            best = name
    if best is None or _STOP_START.match(best):
        return None
    return best


@lru_cache(maxsize=16384)
def names_in(text: str) -> tuple[str, ...]:
    """The names of bodies printed in ``text`` where a title or heading names them."""
    flat = normalize_brackets(text)
    out: list[str] = []
    for segment in _SEGMENT_BREAK.split(flat):
        if len(segment) < NAME_MIN_CHARS:
            continue
        name = _name_at(segment)
        if name is not None:
            out.append(name)
    return tuple(out)


@lru_cache(maxsize=16384)  # the same cells come back in every table and document
def labelled_name(text: str) -> tuple[str, str, str | None] | None:
    """「部门名称：长沙市示例局」「主管部门及代码：228_…局」 → (label, name, code)."""
    flat = normalize_brackets(text)
    m = _LABEL.search(flat)
    if m is None:
        return None
    return _labelled_value(m.group(1), flat[m.end():])


@lru_cache(maxsize=16384)
def _labelled_value(label: str, value: str) -> tuple[str, str, str | None] | None:
    code_m = _CODE_PREFIX.match(value)
    code = None
    if code_m and any(ch.isdigit() for ch in code_m.group(0)):
        code = re.sub(r"\D", "", code_m.group(0)) or None
        value = value[code_m.end():]
    tail = _CODE_SUFFIX.search(value)
    if tail and code is None:
        code = tail.group(1)
        value = value[: tail.start()]
    segment = _SEGMENT_BREAK.split(value, maxsplit=1)[0] if value else ""
    name = _name_at(segment) if segment else None
    return (label, name, code) if name else None


def split_code(text: str) -> tuple[str | None, str]:
    """「228_烟台市示例局」「105001长春市示例局」「示例局450001」 → (code, name as printed)."""
    flat = normalize_brackets(text)
    code_m = _CODE_PREFIX.match(flat)
    if code_m and any(ch.isdigit() for ch in code_m.group(0)):
        return re.sub(r"\D", "", code_m.group(0)) or None, flat[code_m.end():]
    tail = _CODE_SUFFIX.search(flat)
    if tail and tail.start() > 0:
        return tail.group(1), flat[: tail.start()]
    return None, flat


def _core(name: str) -> str:
    """The name without its qualifier: 「…局（本级）」 and 「…局」 are one body."""
    return _QUALIFIED.sub("", name)


# ---------------------------------------------------------------- the vote


@dataclass(slots=True)
class _Votes:
    score: Counter[str]
    shown: dict[str, tuple[int, str]]  # core → (strength of the source, the name as printed there)
    codes: dict[str, Counter[str]]
    seen: Counter[tuple[str, int]]

    def add(self, name: str, weight: int, code: str | None = None) -> None:
        core = _core(name)
        self.seen[(core, weight)] += 1
        if self.seen[(core, weight)] <= MAX_VOTES_PER_SOURCE:
            self.score[core] += weight
        if weight > self.shown.get(core, (-1, ""))[0]:
            self.shown[core] = (weight, name)
        if code and len(code) >= 6:
            self.codes.setdefault(core, Counter())[code] += 1


def _cover_lines(blocks: list[Block]) -> list[str]:
    """The first lines of the document, before the contents, the first grid or the body text."""
    lines: list[str] = []
    first_page = next((b.page for b in blocks if isinstance(b, Paragraph) and b.text.strip()), None)
    for block in blocks:
        if not isinstance(block, Paragraph):
            break
        text = squash(block.text)
        if not text:
            continue
        if first_page is not None and block.page is not None and block.page != first_page:
            break
        if (len(text) > COVER_LINE_MAX_CHARS or text in ("目录", "目次") or _NUMBERED.match(text)
                or _SENTENCE_END.search(text)):
            break
        lines.append(text)
        if len(lines) >= COVER_MAX_LINES:
            break
    return lines


def _cover_names(votes: _Votes, lines: list[str]) -> list[str]:
    """Names on the cover: in each line, and broken over two lines (「…规划和自然」「资源局」)."""
    names: list[str] = []
    for k, line in enumerate(lines):
        if _vote_labelled(votes, line):
            continue
        alone = names_in(line)
        names.extend(alone)
        ends_whole = any(line.endswith(n) for n in alone)  # a line ending in a whole name is not broken
        if k + 1 < len(lines) and not ends_whole and labelled_name(lines[k + 1]) is None:
            after = names_in(lines[k + 1])
            names.extend(n for n in names_in(line + lines[k + 1]) if n not in alone and n not in after)
    return list(dict.fromkeys(names))


def _grid_rows(blocks: list[Block]) -> Iterator[list[str]]:
    """The non-empty cells of each row of each grid."""
    for block in blocks:
        if isinstance(block, Grid):
            for row in block.rows:
                yield [c.text for c in row if c.text.strip()]


_PLAIN, _LABELLED, _LABEL_ONLY, _ALONE = range(4)


@lru_cache(maxsize=16384)  # the cells of tables repeat from one document to the next
def _cell_role(text: str) -> tuple[int, tuple[str, str, str | None] | None]:
    """What a table cell says of the entity: a label with its name (「单位名称：…局」), a label
    whose name is in the next cell (the label is returned), a name alone, or nothing."""
    if text.isascii():
        return _PLAIN, None
    found = labelled_name(text)
    if found is not None:
        return _LABELLED, found
    flat = normalize_brackets(text)
    label = flat.rstrip(":：")
    if label in ENTITY_LABELS:
        return _LABEL_ONLY, (label, "", None)
    alone = _labelled_value("", flat)
    if alone is not None and len(flat) <= NAME_MAX_CHARS + 12 and _name_is_whole(flat, alone[1]):
        return _ALONE, alone
    return _PLAIN, None


def _vote_cells(votes: _Votes, blocks: list[Block]) -> None:
    for texts in _grid_rows(blocks):
        skip_next = False
        for k, text in enumerate(texts):
            if skip_next:
                skip_next = False
                continue
            role, found = _cell_role(text)
            if role == _PLAIN or found is None:
                continue
            label, name, code = found
            if role == _LABELLED:
                votes.add(name, SUPERVISOR_WEIGHT if label in _SUPERVISOR_LABELS else LABEL_WEIGHT, code)
            elif role == _ALONE:
                votes.add(name, CELL_WEIGHT, code)
            elif k + 1 < len(texts):  # a label: the name is in the next cell
                value = _labelled_value(label, normalize_brackets(texts[k + 1]))
                if value is not None:
                    votes.add(value[1], SUPERVISOR_WEIGHT if label in _SUPERVISOR_LABELS else LABEL_WEIGHT, value[2])
                skip_next = True


def _vote_labelled(votes: _Votes, text: str) -> bool:
    found = labelled_name(text)
    if found is None:
        return False
    label, name, code = found
    votes.add(name, SUPERVISOR_WEIGHT if label in _SUPERVISOR_LABELS else LABEL_WEIGHT, code)
    return True


def find_entity(blocks: list[Block]) -> Entity:
    """The department or unit publishing the document, with its code when printed."""
    votes = _Votes(Counter(), {}, {}, Counter())
    for name in _cover_names(votes, _cover_lines(blocks)):
        votes.add(name, COVER_WEIGHT)
    for block in blocks:
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if not text or text.isascii():
                continue
            if _vote_labelled(votes, text):
                continue
            if len(squash(text)) <= HEADING_MAX_CHARS and not _SENTENCE_END.search(squash(text)):
                for name in dict.fromkeys(names_in(text)):
                    votes.add(name, HEADING_WEIGHT)
    _vote_cells(votes, blocks)
    if not votes.score:
        return Entity(name="（未识别单位）")
    _merge_truncated(votes)
    core = max(votes.score, key=lambda n: (votes.score[n], len(n)))
    name = votes.shown[core][1]
    code = votes.codes[core].most_common(1)[0][0] if core in votes.codes else None
    region_m = _REGION.match(core)
    return Entity(name=name, code=code, region=region_m.group(1) if region_m else None)


def _name_is_whole(cell: str, name: str) -> bool:
    """A cell that holds a name alone (perhaps with its code): not a phrase that ends in one."""
    rest = re.sub(r"^[\dA-Za-z_\-－]+|[\dA-Za-z]+$", "", cell)
    return rest == name


def _merge_truncated(votes: _Votes) -> None:
    """A name that is the tail of a longer one (「资源局」 of 「…规划和自然资源局」) votes for the longer."""
    names = sorted(votes.score, key=len)
    for i, short in enumerate(names):
        strength = votes.shown[short][0]
        longer = [n for n in names[i + 1:] if n.endswith(short) and n != short and votes.shown[n][0] >= strength]
        if longer:
            target = max(longer, key=lambda n: votes.score[n])
            votes.score[target] += votes.score.pop(short)


# ---------------------------------------------------------------- year


def _texts(blocks: list[Block], limit: int) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block.text)
        else:
            for row in block.rows:
                out.extend([c.text for c in row if c.text.strip()])
        if len(out) >= limit:
            break
    return out


def find_year(blocks: list[Block]) -> int | None:
    texts = _texts(blocks, 60)
    for text in texts:
        m = _YEAR_LABEL.search(squash(text))
        if m:
            return int(m.group(1))
    for text in texts[:40]:
        flat = squash(text)
        if _DOC_WORD.search(flat) and len(flat) <= 80:
            m = YEAR.search(flat)
            if m:
                return int(m.group(1))
    counts = Counter(int(y) for t in texts for y in YEAR.findall(squash(t)))
    return counts.most_common(1)[0][0] if counts else None


# ---------------------------------------------------------------- kind and scope

_SELF_EVAL = re.compile("自评|完成情况|绩效评价")
_DEPT_WIDE = re.compile("部门整体|整体支出|部门整体支出")
_PERF_TARGET = re.compile("绩效目标")
_UNIT_WORDS = re.compile(r"单位预算|单位决算|预算单位|本单位|我单位")
_DEPT_WORDS = re.compile(r"部门预算|部门决算|预算主管部门|本部门|我部门|部门整体")
_UNIT_TITLE = re.compile(r"单位预算|单位决算|预算单位[:：]")
_DEPT_TITLE = re.compile(r"部门预算|部门决算|主管部门[:：]")


def _perf_kind(text: str) -> DocumentKind | None:
    if "绩效" not in text:
        return None
    if _SELF_EVAL.search(text):
        return DocumentKind.PERF_SELF_EVAL
    if _PERF_TARGET.search(text) or "绩效表" in text:
        return DocumentKind.PERF_DEPT_TARGET if _DEPT_WIDE.search(text) else DocumentKind.PERF_TARGET
    return None


def _kind_of_title(title: str) -> DocumentKind | None:
    t = squash(title).replace("预决算", "")
    perf = _perf_kind(t)
    if perf is not None and (t.endswith("表") or ("预算" not in t and "决算" not in t)):
        return perf
    if "决算" in t:
        return DocumentKind.FINAL
    if perf is not None:
        return perf
    if "预算" in t:
        return DocumentKind.BUDGET
    return None


def _kind_of_targets(targets: list[PerformanceTarget]) -> DocumentKind | None:
    forms = {t.form for t in targets}
    if not forms:
        return None
    if any(f.self_evaluation for f in forms):
        return DocumentKind.PERF_SELF_EVAL
    if forms == {TargetForm.DEPARTMENT}:
        return DocumentKind.PERF_DEPT_TARGET
    return DocumentKind.PERF_TARGET


def find_kind_scope(
    blocks: list[Block], tables: list[Table], has_targets: bool | list[PerformanceTarget], title: str = ""
) -> tuple[DocumentKind, Scope]:
    """The document's kind from its cover or title, else from what it holds; its scope (部门 or 单位)."""
    targets = has_targets if isinstance(has_targets, list) else []
    cover = "".join(_cover_lines(blocks))
    head = " ".join(squash(t) for t in _texts(blocks, KIND_HEAD_BLOCKS)).replace("预决算", "")
    titles = [squash(b.text) for b in blocks[:SCOPE_HEAD_BLOCKS] if isinstance(b, Paragraph) and len(b.text) <= 60]
    title_text = " ".join(titles).replace("预决算", "")
    kind = _kind_of_title(cover) if cover else None
    if kind is not None and kind in _PERF_KINDS and tables:
        kind = None  # a form's title over the first table of a document that holds standard tables
    if kind is None and title:
        kind = _kind_of_title(title)
        if kind in _PERF_KINDS and tables:
            kind = None
    if kind is None and not tables:
        kind = _kind_of_targets(targets) if targets else (_perf_kind(head[:200]) if has_targets else None)
    if kind is None:
        kind = DocumentKind.FINAL if ("决算" in title_text or "决算" in head[:400]) else DocumentKind.BUDGET
    return kind, _scope(cover + " " + squash(title), head + title_text)


_PERF_KINDS = (DocumentKind.PERF_TARGET, DocumentKind.PERF_DEPT_TARGET, DocumentKind.PERF_SELF_EVAL)


def _scope(cover: str, text: str) -> Scope:
    unit_title, dept_title = bool(_UNIT_TITLE.search(cover)), bool(_DEPT_TITLE.search(cover))
    if unit_title != dept_title:
        return Scope.UNIT if unit_title else Scope.DEPARTMENT
    unit_hits = len(_UNIT_WORDS.findall(text))
    dept_hits = len(_DEPT_WORDS.findall(text))
    return Scope.UNIT if unit_hits > dept_hits else Scope.DEPARTMENT


# ---------------------------------------------------------------- not a disclosure

_HAN = re.compile(f"[{_CJK}]")
_DISCLOSURE_TITLE = re.compile(
    r"(部门|单位|区级|县级|市级|省级)(整体)?(预算|决算)|预决算|(预算|决算)(信息)?公开|绩效(目标|自评|评价)|预算(编制)?说明|决算说明"
)
#: Web-page furniture of a news article (two of them, and nothing of a disclosure: an article).
_ARTICLE_MARKS = re.compile(
    r"发布时间|发布日期|来源[:：]|浏览次数|浏览量|阅读次数|责任编辑|编辑[:：]|记者|【字体|打印本页|分享到"
)
ARTICLE_MIN_MARKS = 2
ARTICLE_MAX_CONCEPT_CLAIMS = 2  # a page stating this many budget figures (收入合计, 三公经费 …) is no mere article
#: A review checklist: a header with 「是否…」 columns and words of checking.
_CHECK_WORDS = re.compile(r"检查|审核|考核|核查|自查|评分")
CHECKLIST_MIN_QUESTIONS = 1
KNOWN_CONCEPT_CLAIMS_MIN = 1


def refusal(
    blocks: list[Block], tables: list[Table], targets: list[PerformanceTarget], concept_claims: int, title: str = ""
) -> str | None:
    """Why the blocks are not a disclosure (a message for the user), or None when they may be one.

    Only a document with nothing a disclosure holds (no standard table, no performance target) is
    ever refused: a false refusal would hide a whole document."""
    if tables or targets:
        return None
    texts = [t for t in _all_texts(blocks) if t.strip()]
    if not any(_HAN.search(t) for t in texts):
        return "文件中没有中文内容，不是预决算公开文件"
    checklist = _checklist_header(blocks)
    if checklist is not None:
        return f"这是一份检查/审核清单（表头「{checklist}」），不是预决算公开文件；请检查所公开的文件本身"
    marks = {m.group(0) for t in texts for m in _ARTICLE_MARKS.finditer(squash(t))}
    cover = "".join(_cover_lines(blocks)) + squash(title)
    titled = bool(_DISCLOSURE_TITLE.search(cover))
    if len(marks) >= ARTICLE_MIN_MARKS and concept_claims < ARTICLE_MAX_CONCEPT_CLAIMS:
        return "这是一篇网页文章（有“" + "”“".join(sorted(marks)[:3]) + "”等网页信息），不是预决算公开文件"
    if concept_claims < KNOWN_CONCEPT_CLAIMS_MIN and not titled:
        return "文件中没有预决算公开的表格、绩效目标表或收支说明，不是预决算公开文件"
    return None


def _all_texts(blocks: list[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
        else:
            for row in block.rows:
                for cell in row:
                    yield cell.text


def _checklist_header(blocks: list[Block]) -> str | None:
    for block in blocks:
        if not isinstance(block, Grid):
            continue
        for row in block.rows[:3]:
            labels = [squash(c.text) for c in row if c.text.strip()]
            questions = [x for x in labels if x.startswith("是否") and len(x) <= 16]
            if len(questions) >= CHECKLIST_MIN_QUESTIONS and any(_CHECK_WORDS.search(x) for x in labels):
                return " | ".join(labels[:6])
    return None


def all_names(texts: Iterable[str]) -> list[str]:
    """Every name printed in ``texts`` (for tests and diagnostics)."""
    return [n for t in texts for n in names_in(t)]


def is_grid(block: Block) -> bool:
    return isinstance(block, Grid)
