"""Money, percentages and where they were printed."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from budgetlens.model.location import Location
from budgetlens.model.text_enum import TextEnum

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Unit(TextEnum):
    """Monetary unit of a printed figure (tables and prose alike: 元, 千元, 万元, 亿元)."""

    YUAN = "元"
    QIAN = "千元"
    WAN = "万元"
    YI = "亿元"

    @property
    def factor(self) -> Decimal:
        """How many 元 one of this unit is."""
        return _FACTORS[self]

    @classmethod
    def parse(cls, word: str) -> Unit | None:
        """The unit a word names: 「万元」 and the bare 「万」 of 「单位：万」, 「千元」, 「亿元」, 「元」."""
        return _WORDS.get(word.strip())


_FACTORS = {Unit.YUAN: Decimal(1), Unit.QIAN: Decimal(1000), Unit.WAN: Decimal(10000), Unit.YI: Decimal(100000000)}
_WORDS = {"元": Unit.YUAN, "千元": Unit.QIAN, "万元": Unit.WAN, "万": Unit.WAN, "亿元": Unit.YI, "亿": Unit.YI}


@lru_cache(maxsize=64)
def half_ulp(decimals: int) -> Decimal:
    """Half a unit in the last of ``decimals`` places: the rounding radius of a printed figure."""
    return Decimal(5).scaleb(-(decimals + 1))


def convert(value: Decimal, src: Unit, dst: Unit) -> Decimal:
    """Convert a value between 元 and 万元 exactly."""
    if src is dst:
        return value
    return value * src.factor / dst.factor


class Amount(BaseModel):
    """A monetary figure as printed: exact value, unit, printed decimals, raw text and place."""

    model_config = _FROZEN

    value: Decimal
    unit: Unit = Unit.YUAN
    decimals: int = 0
    raw: str = ""
    where: Location | None = None

    def in_unit(self, unit: Unit) -> Decimal:
        return convert(self.value, self.unit, unit)

    @property
    def half_ulp(self) -> Decimal:
        """Half a unit in the last printed place, in this figure's own unit (the rounding radius)."""
        return half_ulp(self.decimals)

    def radius(self, unit: Unit) -> Decimal:
        """Rounding radius expressed in ``unit``."""
        return convert(self.half_ulp, self.unit, unit)

    def __str__(self) -> str:
        return f"{self.raw or self.value}{'' if self.raw.endswith(self.unit.value) else self.unit.value}"


class Percent(BaseModel):
    """A percentage as printed ("94.89%" → value 94.89, decimals 2)."""

    model_config = _FROZEN

    value: Decimal
    decimals: int = 0
    raw: str = ""
    where: Location | None = None

    @property
    def half_ulp(self) -> Decimal:
        return half_ulp(self.decimals)


def decimals_of(text: str) -> int:
    """Number of digits printed after the decimal point in a numeric string."""
    text = text.strip()
    if "." not in text:
        return 0
    frac = text.rsplit(".", 1)[1]
    return sum(1 for ch in frac if ch.isdigit())
