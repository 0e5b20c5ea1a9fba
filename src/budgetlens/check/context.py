"""What a rule sees: the disclosure, reference data and small helpers shared by rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from budgetlens.check.identities import Test, column_tests, hierarchy_tests
from budgetlens.model import (
    Amount,
    AssetSummary,
    Claim,
    Disclosure,
    DocumentKind,
    Level,
    Location,
    Procurement,
    Row,
    Scheme,
    Side,
    Table,
    TableKind,
)
from budgetlens.reference.concepts import match_concept

NON_MONEY_KEYS = frozenset({"备注", "数量", "单价"})
_UNSET = object()
# 「总计」 alone on a side of a 收支 table is that side's grand total
_GRAND_BY_SIDE: dict[tuple[str, Side | None], str] = {("总计", Side.INCOME): "收入总计",
                                                       ("总计", Side.EXPENSE): "支出总计"}

# A table whose identities fail in at least this share of the rows tested (and in at least
# MIN_FAILING of them) was misread, not miswritten: its figures are not judged.
UNSURE_FAILING_SHARE = 0.5
MIN_FAILING = 3


def identity_doubt(tests: list[Test]) -> str | None:
    """The reason not to judge a table's figures when its column or code identities fail in most rows."""
    failing = sum(1 for t in tests if not t.holds)
    if failing >= MIN_FAILING and failing >= UNSURE_FAILING_SHARE * len(tests):
        return f"表内勾稽关系在 {len(tests)} 处中有 {failing} 处不成立，疑为表格读取有误（列或科目层级未能正确识别）"
    return None


class ClassificationRef(Protocol):
    """Reference data about classification codes (支出功能分类, 经济分类) by fiscal year."""

    def covered(self, year: int | None, scheme: Scheme) -> bool:
        """Whether ``year`` is covered, so that an unknown code really is an error."""

    def name_of(self, code: str, year: int, scheme: Scheme) -> str | None:
        """Official name of ``code`` in ``year``; None when the code does not exist then."""

    def name_matches(self, code: str, name: str, year: int, scheme: Scheme, any_year: bool = False) -> bool:
        """Whether ``name`` is the official name of ``code`` (printing variants tolerated)."""

    def find(self, name: str, year: int, scheme: Scheme, level: Level | None = None) -> list[RefEntry]:
        """Entries whose official name is ``name``."""

    def similar(self, code: str, year: int, scheme: Scheme) -> list[tuple[RefEntry, str]]:
        """Official codes one keystroke away from ``code``, with the kind of slip (Chinese)."""

    def dept_to_gov(self, code: str, year: int) -> RefEntry | None:
        """The 政府经济分类 entry a 部门经济分类 code rolls up to."""


@dataclass(frozen=True, slots=True)
class RefEntry:
    code: str
    name: str
    parent: str | None
    level: Level


def scheme_of_code(code: str) -> Scheme:
    """Scheme of a bare code as quoted in prose: 2xx function, 3xx 部门经济, 5xx 政府经济."""
    if code.startswith("2"):
        return Scheme.FUNCTION
    if code.startswith("3"):
        return Scheme.ECON_DEPT
    if code.startswith("5"):
        return Scheme.ECON_GOV
    return Scheme.NONE


def concept_of_label(label: str) -> str | None:
    """The concept a row label stands for: the whole label, else its ending."""
    return match_concept(label) or match_concept(label, exact=False)


@dataclass
class Context:
    """The disclosure being checked and what rules derive from it, computed once per check."""

    disclosure: Disclosure
    reference: ClassificationRef | None = None
    # per-table caches, keyed by id(): the tables live as long as the disclosure
    _money_keys: dict[int, list[str]] = field(default_factory=dict)
    _concept_rows: dict[int, dict[tuple[str, Side | None], Row]] = field(default_factory=dict)
    _doubts: dict[int, object] = field(default_factory=dict)
    _tests: dict[int, tuple[list[Test], list[Test]]] = field(default_factory=dict)

    @property
    def d(self) -> Disclosure:
        return self.disclosure

    @property
    def file(self) -> str:
        return self.disclosure.source.path

    def where(self, *places: Location | None) -> tuple[Location, ...]:
        """Locations with the file filled in; None entries are dropped."""
        out: list[Location] = []
        for p in places:
            if p is None:
                continue
            out.append(p if p.file else p.model_copy(update={"file": self.file}))
        return tuple(out)

    def row_concept(self, row: Row) -> str | None:
        return concept_of_label(row.name)

    def concept_row(self, table: Table, concept: str, side: Side | None = None) -> Row | None:
        """The first row of ``table`` that stands for ``concept``, on ``side`` (None: on any side)."""
        index = self._concept_rows.get(id(table))
        if index is None:
            index = self._concept_rows[id(table)] = {}
            for r in table.rows:
                c = concept_of_label(r.name) or _GRAND_BY_SIDE.get((r.name, r.side))
                if c is not None:
                    index.setdefault((c, r.side), r)
                    index.setdefault((c, None), r)
        return index.get((concept, side))

    def tables(self, *kinds: TableKind) -> Iterator[Table]:
        """The tables of ``kinds`` (all kinds when none is given) whose reading is sure enough to
        judge their figures; the others are reported once by the READ rules."""
        for t in self.disclosure.tables:
            if (not kinds or t.kind in kinds) and self.doubt(t) is None:
                yield t

    def all_tables(self, *kinds: TableKind) -> Iterator[Table]:
        """Every table read, sure or not (for what does not judge figures: which tables exist)."""
        for t in self.disclosure.tables:
            if not kinds or t.kind in kinds:
                yield t

    @cached_property
    def _first_of_kind(self) -> dict[TableKind, Table]:
        first: dict[TableKind, Table] = {}
        for t in self.tables():
            first.setdefault(t.kind, t)
        return first

    def table(self, kind: TableKind) -> Table | None:
        """The first table of ``kind`` whose reading is sure."""
        return self._first_of_kind.get(kind)

    @property
    def procurement(self) -> Procurement | None:
        """The procurement list, when the table it was read from was read surely."""
        return self.disclosure.procurement if self._sure_first(TableKind.PROCUREMENT) else None

    @property
    def assets(self) -> AssetSummary | None:
        """The assets summary, when the table it was read from was read surely."""
        return self.disclosure.assets if self._sure_first(TableKind.ASSETS) else None

    def _sure_first(self, kind: TableKind) -> bool:
        first = next(self.all_tables(kind), None)
        return first is None or self.doubt(first) is None

    def whole(self, kind: TableKind) -> Table | None:
        """The table of ``kind`` when the document prints only one, read surely: a table split into
        several (by 人员经费 / 公用经费, by economic class) holds a part in each, not the whole."""
        found = list(self.all_tables(kind))
        return found[0] if len(found) == 1 and self.doubt(found[0]) is None else None

    def doubt(self, table: Table) -> str | None:
        """Why the figures of ``table`` are not judged: the reader's doubt, or identities that fail
        in most rows (columns taken for others rather than slips of the author); None when sure."""
        found = self._doubts.get(id(table), _UNSET)
        if found is _UNSET:
            columns, hierarchy = self.identity_tests(table)
            found = self._doubts[id(table)] = table.doubt or identity_doubt(
                columns + (hierarchy if table.scheme is not Scheme.NONE else []))
        return found  # type: ignore[return-value]

    def identity_tests(self, table: Table) -> tuple[list[Test], list[Test]]:
        """The table's column identities and code hierarchy tested row by row, computed once."""
        found = self._tests.get(id(table))
        if found is None:
            keys = self.money_keys(table)
            found = self._tests[id(table)] = (list(column_tests(table, keys)), list(hierarchy_tests(table, keys)))
        return found

    def money_keys(self, table: Table) -> list[str]:
        """Keys of the money columns of ``table``: declared columns first, then keys only rows carry."""
        keys = self._money_keys.get(id(table))
        if keys is None:
            seen: dict[str, object] = {c.key: None for c in table.columns}
            for row in table.rows:
                seen.update(row.values)  # a key keeps the place it was first seen at
            keys = self._money_keys[id(table)] = [k for k in seen if k not in NON_MONEY_KEYS]
        return keys

    def claims_of(self, concept: str) -> list[tuple[int, Claim]]:
        return [(i, c) for i, c in enumerate(self.disclosure.claims) if c.concept == concept]


_FINAL_WORDS = ("决算", "实际", "执行")
_LAST_YEAR_WORDS = ("上年", "去年", "上一年")


def own_figure(d: Disclosure, row: Row) -> Amount | None:
    """The figure of ``row`` the document states as its own: in a 决算 the 决算数 column, in a 预算
    this year's 预算数, when the row prints figures of several measures (预算数 | 决算数, 上年预算 |
    本年预算); the 合计 or the only figure otherwise; None when the columns do not say which."""
    keys = [k for k in row.values if k not in NON_MONEY_KEYS]
    if len(keys) <= 1:
        return row.values[keys[0]] if keys else None
    final = [k for k in keys if any(w in k for w in _FINAL_WORDS)]
    budget = [k for k in keys if "预算" in k and k not in final and not any(w in k for w in _LAST_YEAR_WORDS)]
    plain = [k for k in keys if k not in final and "预算" not in k and not any(w in k for w in _LAST_YEAR_WORDS)]
    if not final and not budget:
        chosen = plain
    elif d.kind is DocumentKind.FINAL:
        chosen = final
    else:
        chosen = budget
    if not chosen:
        return None
    return row.values["合计"] if "合计" in chosen else row.values[chosen[0]]


def cell(row: Row, key: str) -> Amount | None:
    return row.values.get(key)


def table_label(table: Table) -> str:
    if table.number and table.number not in table.title:
        return f"{table.number}《{table.title}》"
    return f"《{table.title}》"


def column_label(table: Table, key: str, group: str | None = None) -> str:
    """The printed header of column ``key`` (of the block ``group`` when blocks stand side by side)."""
    col = next((c for c in table.columns if c.key == key and c.group == group), None) or table.column(key)
    return col.label if col else key


def row_label(row: Row) -> str:
    return f"{row.code} {row.name}" if row.code else row.name
