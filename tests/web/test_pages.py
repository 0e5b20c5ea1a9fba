"""Server-rendered pages: CSRF, the result page's marks, escaping, corpus and compare pages."""

from __future__ import annotations

import re
import time
from pathlib import Path

from fastapi.testclient import TestClient

from budgetlens.api import check_file, parse
from budgetlens.web.security import CSRF_COOKIE
from tests.web.conftest import EXAMPLE, EXAMPLE_ERRORS, TOKEN, auth, year_variant


def csrf(client: TestClient) -> str:
    page = client.get("/").text
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert m is not None
    assert client.cookies.get(CSRF_COOKIE) == m.group(1)
    return m.group(1)


def test_home_sets_strict_csrf_cookie(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "检查预决算公开文件" in r.text
    assert "支持的格式：.txt、.docx、.doc、.wps、.xlsx、.xls、.pdf、" in r.text


def test_form_post_without_csrf_is_refused(client: TestClient) -> None:
    files = {"files": ("a.txt", EXAMPLE.read_bytes(), "text/plain")}
    r = client.post("/check", files=files, follow_redirects=False)
    assert r.status_code == 403
    assert "CSRF" in r.text
    client.get("/")
    r = client.post("/check", files=files, data={"csrf_token": "forged"}, follow_redirects=False)
    assert r.status_code == 403


def test_upload_one_file_shows_marked_result(client: TestClient) -> None:
    token = csrf(client)
    files = {"files": ("预算.txt", EXAMPLE_ERRORS.read_bytes(), "text/plain")}
    r = client.post("/check", files=files, data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    html = page.text
    report = check_file(EXAMPLE_ERRORS)
    d = parse(EXAMPLE_ERRORS)
    assert html.count('<li class="finding ') == len(report.findings)
    assert f'<span class="count" id="finding-count">{len(report.findings)}</span>' in html
    # every table value the extractor found is marked in the source grid
    cell = d.tables[0].rows[0].values["预算数"].where
    assert cell is not None
    assert re.search(rf'<td id="b{cell.block}-r{cell.row}-c{cell.col}"[^>]*class="cellval', html)
    # every claim figure is marked in its paragraph
    claim = d.claims[0].value.where
    assert claim is not None and claim.start is not None
    assert f'<span data-s="{claim.start}" data-e="{claim.end}" class="fig' in html
    # the place a finding points at carries its severity
    loc = report.findings[0].locations[0]
    assert re.search(rf'<p class="para" id="b{loc.block}".*?data-s="{loc.start}"[^>]*flag-error', html, re.S)
    for fmt in ("html", "json", "xlsx"):
        assert f'report.{fmt}"' in html


def test_result_page_escapes_document_text(client: TestClient) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "云溪县文化广电和旅游局", "<script>alert(1)</script>云溪县文化广电和旅游局", 1)
    token = csrf(client)
    r = client.post("/check", files={"files": ("x<b>.txt", text.encode(), "text/plain")},
                    data={"csrf_token": token})
    assert r.status_code == 200
    assert "<script>alert(1)</script>" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "x<b>.txt" not in r.text


def test_upload_many_files_runs_a_job(client: TestClient) -> None:
    token = csrf(client)
    files = [("files", ("a.txt", EXAMPLE.read_bytes(), "text/plain")),
             ("files", ("b.txt", EXAMPLE_ERRORS.read_bytes(), "text/plain"))]
    r = client.post("/check", files=files, data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/jobs/")
    job_id = r.headers["location"].rsplit("/", 1)[1]
    page = client.get(r.headers["location"]).text
    assert 'data-job="' + job_id + '"' in page and "/static/job.js" in page
    for _ in range(600):
        if client.get(f"/api/jobs/{job_id}").json()["complete"]:
            break
        time.sleep(0.05)
    xlsx = client.get(f"/jobs/{job_id}/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_form_store_needs_token(client: TestClient) -> None:
    token = csrf(client)
    files = {"files": ("a.txt", EXAMPLE.read_bytes(), "text/plain")}
    r = client.post("/check", files=files, data={"csrf_token": token, "store": "1", "api_token": "nope"})
    assert r.status_code == 403
    r = client.post("/check", files=files, data={"csrf_token": token, "store": "1", "api_token": TOKEN},
                    follow_redirects=False)
    assert r.status_code == 303
    for _ in range(600):
        if client.get("/api/documents").json():
            break
        time.sleep(0.05)
    assert [d["entity"] for d in client.get("/api/documents").json()] == ["云溪县文化广电和旅游局"]


def test_corpus_entity_document_and_compare_pages(client: TestClient) -> None:
    for name, data in (("a.txt", EXAMPLE_ERRORS.read_bytes()), ("b.txt", year_variant(2023))):
        assert client.post("/api/ingest", files={"files": (name, data, "text/plain")}, headers=auth()).status_code == 201
    ent = client.get("/api/entities").json()[0]
    corpus = client.get("/corpus", params={"q": "云溪"}).text
    assert f'href="/corpus/entities/{ent["id"]}"' in corpus and "2 份文档" in corpus
    assert "没有匹配的单位" in client.get("/corpus", params={"q": "不存在"}).text
    entity = client.get(f"/corpus/entities/{ent['id']}").text
    assert 'id="chart-years"' in entity and "/vendor/plotly.min.js" in entity
    doc = client.get("/api/documents", params={"year": 2024}).json()[0]
    page = client.get(f"/corpus/documents/{doc['id']}").text
    assert page.count('<li class="finding ') == len(check_file(EXAMPLE_ERRORS).findings)
    assert "5,586,400.00" in page
    cmp = client.get("/compare", params={"entity_id": ent["id"], "year": 2024, "concept": ["基本支出"]}).text
    assert re.search(r'<table class="grid" id="table-years">.*?<th>2023</th><th>2024</th>', cmp, re.S)
    assert "3,066,400.00" in cmp
    assert 'id="chart-entities"' in cmp
    assert client.get("/corpus/documents/999").status_code == 404
    assert "没有编号为 999 的文档" in client.get("/corpus/documents/999").text


def test_unknown_page_is_404_in_chinese(client: TestClient) -> None:
    r = client.get("/results/doesnotexist")
    assert r.status_code == 404
    assert "没有这个检查结果" in r.text
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "页面不存在" in r.text


def test_no_external_assets(client: TestClient) -> None:
    for path in ("/", "/corpus", "/compare", "/docs"):
        html = client.get(path).text
        for src in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not src.startswith(("http:", "https:", "//")), (path, src)


def test_static_assets_are_served(client: TestClient) -> None:
    root = Path(__file__).resolve().parents[2] / "src" / "budgetlens" / "web" / "static"
    for name in ("app.css", "doc.js", "job.js", "compare.js", "swagger-init.js"):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200
        assert r.content == (root / name).read_bytes()
