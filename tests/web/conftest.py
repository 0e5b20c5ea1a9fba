from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from budgetlens.web.app import create_app
from budgetlens.web.settings import Settings

TOKEN = "test-token-0123456789"
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "yunxi_2024_budget.txt"
EXAMPLE_ERRORS = ROOT / "examples" / "yunxi_2024_budget_errors.txt"


def make_settings(tmp: Path, **kw: object) -> Settings:
    base: dict[str, object] = dict(api_token=TOKEN, workers=0, upload_dir=tmp / "uploads",
                                   database_url=f"sqlite:///{tmp / 'corpus.db'}")
    base.update(kw)
    return Settings(**base)  # type: ignore[arg-type]


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture()
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def year_variant(year: int) -> bytes:
    """The bundled example restated for another year (a different document of the same entity)."""
    return EXAMPLE.read_text(encoding="utf-8").replace("2024", str(year)).encode("utf-8")
