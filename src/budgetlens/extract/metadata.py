"""Entity, year, document kind and scope of a disclosure."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from budgetlens.extract.headers import squash
from budgetlens.model import DocumentKind, Entity, Scope, Table
from budgetlens.read.blocks import Block, Grid, Paragraph

_ORG_SUFFIX = (
    r"(?:局|委员会|委|办公室|办|中心|机构|院|所|站|队|馆|厅|部|处|会|政府|学校|医院|公司|集团|协会|联合会)"
)
_ENTITY = re.compile(
    rf"^(?P<code>\d{{3,9}})?\s*(?P<name>[\u4e00-\u9fff]{{2,30}}?{_ORG_SUFFIX}(?:[（(]本级[)）])?)$"
)
_LABELLED_ENTITY = re.compile(
    rf"(?P<label>部门名称|单位名称|编制部门|编制单位|预算单位|部门（单位）名称|部门\(单位\)名称|主管部门及代码|主管部门|填报单位)[:：]?\s*"
    rf"(?P<code>\d{{3,9}})?(?P<name>[\u4e00-\u9fff]{{2,30}}?{_ORG_SUFFIX}(?:[（(]本级[)）])?)(?P<code2>\d{{3,9}})?"
)
# 「2024年」: a year as the text names it (also used by the narrative for a figure's year)
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_LABEL = re.compile(r"(?:预算年度|年度)[:：]\s*((?:19|20)\d{2})")
_DOC_WORD = re.compile("预算|决算|绩效|年度")
_REGION = re.compile(r"^(.{1,8}?(?:自治县|自治州|县|市|区|旗|州|省))")


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


def _all_texts(blocks: list[Block]) -> Iterator[str]:
    """Every paragraph and every cell, empty ones too."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
        else:
            for row in block.rows:
                for cell in row:
                    yield cell.text


def _clean_name(name: str) -> str:
    return name.replace("(本级）", "（本级）").replace("(本级)", "（本级）").replace("（本级)", "（本级）")


@lru_cache(maxsize=16384)
def _entity_mention(text: str) -> tuple[str, str | None, int, bool] | None:
    """An entity named by one text: (name, code, weight, whether it stands alone without a code)."""
    flat = squash(text)
    m = _LABELLED_ENTITY.search(flat)
    if m is not None:
        # The supervising department (主管部门) is not necessarily the publisher.
        weight = 1 if m.group("label") == "主管部门" else 3
        return _clean_name(m.group("name")), m.group("code") or m.group("code2"), weight, False
    m = _ENTITY.match(flat)
    if m is None:
        return None
    code = m.group("code")
    return _clean_name(m.group("name")), code, 2 if code else 1, code is None


def find_entity(blocks: list[Block]) -> Entity:
    """The department or unit publishing the document, with its code when printed."""
    names: Counter[str] = Counter()
    codes: dict[str, Counter[str]] = {}
    first_title: str | None = None
    for text in _all_texts(blocks):
        if text.isascii():  # figures, codes and empty cells, most of a document's: no name in them
            continue
        mention = _entity_mention(text)
        if mention is None:
            continue
        name, code, weight, bare = mention
        if bare and first_title is None:
            first_title = name
        names[name] += weight
        if code and len(code) >= 6:
            codes.setdefault(name, Counter())[code] += 1
    if not names:
        return Entity(name="（未识别单位）")
    name = max(names, key=lambda n: (names[n] + (4 if n == first_title else 0), len(n)))
    code = codes[name].most_common(1)[0][0] if name in codes else None
    region_m = _REGION.match(name)
    return Entity(name=name, code=code, region=region_m.group(1) if region_m else None)


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


def _kind_of_title(title: str) -> DocumentKind | None:
    t = squash(title).replace("预决算", "")
    if "决算" in t:
        return DocumentKind.FINAL
    if re.search("自评|完成情况", t):
        return DocumentKind.PERF_SELF_EVAL
    if "绩效目标" in t:
        return DocumentKind.PERF_TARGET
    if "预算" in t:
        return DocumentKind.BUDGET
    return None


def find_kind_scope(
    blocks: list[Block], tables: list[Table], has_targets: bool, title: str = ""
) -> tuple[DocumentKind, Scope]:
    head = " ".join(squash(t) for t in _texts(blocks, 40)).replace("预决算", "")
    titles = [squash(b.text) for b in blocks[:200] if isinstance(b, Paragraph) and len(b.text) <= 60]
    title_text = " ".join(titles).replace("预决算", "")
    titled = _kind_of_title(title) if title else None
    if titled is not None:
        kind = titled
    elif "决算" in title_text or "决算" in head[:400]:
        kind = DocumentKind.FINAL
    elif not tables and has_targets and re.search("自评|完成情况", head[:200]):
        kind = DocumentKind.PERF_SELF_EVAL
    elif not tables and has_targets and "绩效目标" in head[:200]:
        kind = DocumentKind.PERF_TARGET
    else:
        kind = DocumentKind.BUDGET
    unit_hits = len(re.findall(r"单位预算|单位决算|本单位|我单位", head + title_text))
    dept_hits = len(re.findall(r"部门预算|部门决算|本部门|我部门|部门整体", head + title_text))
    scope = Scope.UNIT if unit_hits > dept_hits else Scope.DEPARTMENT
    return kind, scope


def is_grid(block: Block) -> bool:
    return isinstance(block, Grid)
