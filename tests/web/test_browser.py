"""Browser tests: Playwright driving Debian's Chromium against a live server on 127.0.0.1.

Run with ``pytest -m browser``; skipped when /usr/bin/chromium or playwright is missing.
Screenshots go to ``$BUDGETLENS_SCREENSHOTS`` (or the test's tmp dir).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from budgetlens.api import check_file
from tests.web.conftest import EXAMPLE, EXAMPLE_ERRORS, TOKEN, make_settings, year_variant

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from budgetlens.web.app import create_app

    tmp = tmp_path_factory.mktemp("web")
    app = create_app(make_settings(tmp, workers=1))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.js_errors = errors
    yield pg
    ctx.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = Path(os.environ.get("BUDGETLENS_SCREENSHOTS") or tmp_path_factory.mktemp("screens"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def test_upload_seed_click_finding_highlights_cell(server: str, page: Any, shots: Path, seeds_dir: Path) -> None:
    seed = sorted(seeds_dir.glob("003_*.txt"))[0]
    report = check_file(seed)
    page.goto(server + "/")
    page.set_input_files("#files", str(seed))
    page.click("button[type=submit]")
    page.wait_for_url("**/results/**")
    assert page.locator(".finding").count() == len(report.findings)
    assert page.inner_text("#finding-count") == str(len(report.findings))
    # a finding that points at a table cell
    index = next(i for i, f in enumerate(sorted(report.findings, key=lambda f: (f.severity.rank, f.code)))
                 if any(loc.row is not None and loc.col is not None for loc in f.locations))
    finding = page.locator(".finding").nth(index)
    finding.click()
    locs = finding.get_attribute("data-locs")
    assert locs is not None
    cell_loc = next(loc for loc in __import__("json").loads(locs) if "row" in loc and "col" in loc)
    cell = page.locator(f"#b{cell_loc['block']}-r{cell_loc['row']}-c{cell_loc['col']}")
    page.wait_for_timeout(700)
    assert "hl" in (cell.get_attribute("class") or "")
    assert cell.is_visible()
    assert "selected" in (finding.get_attribute("class") or "")
    page.screenshot(path=str(shots / "result-cell.png"))
    # each place of the finding is a link: the cell's link scrolls the cell into view and marks it
    all_locs = __import__("json").loads(locs)
    i = next(k for k, loc in enumerate(all_locs) if "row" in loc and "col" in loc)
    finding.locator(f".place[data-i='{i}']").click()
    page.wait_for_timeout(900)
    assert "focus" in (cell.get_attribute("class") or "")
    assert "current" in (finding.locator(f".place[data-i='{i}']").get_attribute("class") or "")
    box = cell.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 900
    page.screenshot(path=str(shots / "result-cell-place.png"))
    # clicking the finding again moves on to its next place
    places = finding.locator(".place").count()
    finding.locator(".fhead").click()
    page.wait_for_timeout(300)
    expected_next = 0 if places == 1 else int(finding.locator(".place").nth(
        (next(k for k in range(places) if finding.locator(".place").nth(k).get_attribute("data-i") == str(i)) + 1)
        % places).get_attribute("data-i") or 0)
    assert finding.get_attribute("data-place") == str(expected_next)
    assert page.js_errors == []


def test_click_finding_highlights_text_span(server: str, page: Any, shots: Path) -> None:
    report = check_file(EXAMPLE_ERRORS)
    page.goto(server + "/")
    page.set_input_files("#files", str(EXAMPLE_ERRORS))
    page.click("button[type=submit]")
    page.wait_for_url("**/results/**")
    assert page.locator(".finding").count() == len(report.findings) == 7
    assert page.inner_text("#finding-count") == "7"
    assert sorted(page.locator(".finding code").all_inner_texts()) == [
        "CLS003", "NAR001", "NAR002", "NAR002", "NAR006", "NAR006", "NAR007"]
    first = page.locator(".finding").first
    first.click()
    page.wait_for_timeout(700)
    spans = page.locator("#source span.hl")
    assert spans.count() >= 1
    loc = sorted(report.findings, key=lambda f: (f.severity.rank, f.code))[0].locations[0]
    assert loc.block is not None and loc.start is not None
    text = page.locator(f"#b{loc.block}").inner_text()
    assert loc.end is not None
    assert text[loc.start:loc.end] in page.locator(f"#b{loc.block} span.hl").first.inner_text() or \
        page.locator(f"#b{loc.block} span.hl").first.inner_text() in text[loc.start:loc.end]
    page.screenshot(path=str(shots / "result-span.png"))
    # the extracted tables tab shows HTML tables; clicking a value jumps back to the source cell
    page.click("button[data-tab=tables]")
    assert page.locator("#tab-tables table.grid").count() == len(__import__("budgetlens.api", fromlist=["parse"])
                                                                  .parse(EXAMPLE_ERRORS).tables)
    page.screenshot(path=str(shots / "result-tables.png"))
    page.locator("#tab-tables td.jump").first.click()
    page.wait_for_timeout(500)
    assert page.locator("#tab-source").is_visible()
    assert page.locator("#source td.hl").count() == 1
    assert page.js_errors == []


def test_batch_upload_shows_progress_until_done(server: str, page: Any, shots: Path) -> None:
    page.goto(server + "/")
    page.set_input_files("#files", [str(EXAMPLE), str(EXAMPLE_ERRORS)])
    page.click("button[type=submit]")
    page.wait_for_url("**/jobs/**")
    page.wait_for_selector("#job[data-complete=true]", timeout=60000)
    assert page.locator("#items tr[data-state=done]").count() == 2
    assert page.inner_text("#done") == "2"
    assert page.locator("#downloads").is_visible()
    page.screenshot(path=str(shots / "job.png"))
    page.locator("#items a").first.click()
    page.wait_for_url("**/results/**")
    assert page.js_errors == []


def test_compare_page_draws_charts(server: str, page: Any, shots: Path, seeds_dir: Path) -> None:
    docs = [("a.txt", EXAMPLE_ERRORS.read_bytes()), ("b.txt", year_variant(2023)), ("c.txt", year_variant(2022))]
    seed = sorted(seeds_dir.glob("003_*.txt"))[0]
    docs.append((seed.name, seed.read_bytes()))
    with httpx.Client(base_url=server, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60) as c:
        for name, data in docs:
            r = c.post("/api/ingest", files={"files": (name, data, "text/plain")})
            assert r.status_code == 201, r.text
        ent = c.get("/api/entities", params={"q": "云溪"}).json()[0]
    page.goto(f"{server}/compare?entity_id={ent['id']}&year=2024&concept=本年支出合计&concept=基本支出&concept=项目支出")
    page.wait_for_selector("#chart-years .main-svg")
    page.wait_for_selector("#chart-entities .main-svg")
    assert page.locator("#chart-years .scatterlayer .trace").count() == 3
    assert page.locator("#chart-years .scatterlayer .trace").first.locator(".point").count() == 3
    assert page.locator("#chart-entities .barlayer .trace").count() == 3
    assert page.locator("#chart-entities .xtick").count() == 2
    page.screenshot(path=str(shots / "compare.png"), full_page=True)
    assert page.js_errors == []
    page.goto(f"{server}/corpus/entities/{ent['id']}")
    page.wait_for_selector("#chart-years .main-svg")
    assert page.locator("#chart-years .scatterlayer .trace").count() == 4  # the four main quantities
    page.screenshot(path=str(shots / "entity.png"), full_page=True)
    # the corpus page searches by name: only the matching entity is listed
    page.goto(server + "/corpus")
    page.fill("input[name=q]", "云溪")
    page.locator("input[name=q]").press("Enter")
    page.wait_for_url("**/corpus?**")
    assert page.locator("text=云溪县文化广电和旅游局").count() >= 1
    assert page.locator("text=麟游县医疗保障经办机构").count() == 0
    page.screenshot(path=str(shots / "corpus.png"), full_page=True)
    page.goto(f"{server}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    page.screenshot(path=str(shots / "docs.png"))
    assert page.js_errors == []
