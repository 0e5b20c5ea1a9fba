"""Write N realistic, internally consistent disclosures of fictional entities.

Each document is the bundled example (``examples/build_examples.py``, both text layouts) with
another fictional entity name and code, another year, and every money figure multiplied by an
integer factor — sums, shares and stated changes therefore stay exactly consistent.
Deterministic from ``--seed``. Run: ``python benchmarks/corpus.py --n 2000 --out /tmp/corpus``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples"))

import build_examples as ex  # noqa: E402

COUNTIES = ("青石", "松川", "白河", "临江", "枫林", "云岭", "望海", "柳溪", "金沙", "玉泉", "石门", "桃源")
BUREAUS = ("文化广电和旅游局", "教育局", "农业农村局", "卫生健康局", "民政局", "自然资源局", "水利局", "医疗保障局")
_TABLE_MONEY = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})*\.\d{2}(?![\d%])")
_PROSE_MONEY = re.compile(r"(?<![\d.（(])(\d+)元")


_TAG = "东西南北中上下前后左右甲乙丙丁戊己庚辛壬癸"


def _tag(n: int) -> str:
    """A short distinct Chinese prefix for the n-th entity (entity names carry no digits)."""
    out = ""
    while True:
        out = _TAG[n % len(_TAG)] + out
        n //= len(_TAG)
        if n == 0:
            return out


def _scale_table(m: re.Match[str], k: int) -> str:
    cents = int(m.group(0).replace(",", "").replace(".", "")) * k
    return f"{cents // 100:,}.{cents % 100:02d}"


def _texts() -> tuple[str, str]:
    narrative = ex.NARRATIVE + "\n"
    return ex.cell_per_line(narrative), ex.tab_separated(narrative)


def document(i: int, rng: random.Random, base: tuple[str, str]) -> tuple[str, str]:
    """(file name, text) of the i-th fictional disclosure."""
    county = COUNTIES[(i // 4) % len(COUNTIES)] + "县"
    bureau = BUREAUS[(i // 4) % len(BUREAUS)]
    # four consecutive documents are one entity's series over the years
    name = f"{_tag(i // 4)}{county}{bureau}"
    year = 2019 + (i % 4)
    k = rng.randint(1, 40)
    text = base[i % 2]
    text = text.replace(ex.ENTITY, name).replace(ex.CODE, f"{300000 + i:06d}")
    text = text.replace("2024", str(year)).replace("2023", str(year - 1))
    text = _TABLE_MONEY.sub(lambda m: _scale_table(m, k), text)
    text = _PROSE_MONEY.sub(lambda m: f"{int(m.group(1)) * k}元", text)
    return f"{i:05d}_{year}.txt", text


def write(n: int, out: Path, seed: int = 1) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    base = _texts()
    paths: list[Path] = []
    for i in range(n):
        fname, text = document(i, rng, base)
        p = out / fname
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--out", type=Path, default=Path("/tmp/budgetlens_corpus"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = write(args.n, args.out, args.seed)
    print(f"wrote {len(paths)} documents to {args.out}")


if __name__ == "__main__":
    main()
