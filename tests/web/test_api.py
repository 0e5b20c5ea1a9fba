"""REST API: every endpoint, auth failures and upload limits (FastAPI TestClient)."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from budgetlens.api import check_file
from budgetlens.web.app import create_app
from tests.web.conftest import EXAMPLE, EXAMPLE_ERRORS, TOKEN, auth, make_settings, year_variant


def _zip_with(member: str) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        # a fixed timestamp keeps the bytes (and so the test ids) identical on every xdist worker
        z.writestr(zipfile.ZipInfo(member, date_time=(2024, 1, 1, 0, 0, 0)), "x")
    return buf.getvalue()


def upload(path: Path, name: str | None = None) -> dict[str, Any]:
    return {"file": (name or path.name, path.read_bytes(), "text/plain")}


def wait_job(client: TestClient, job_id: str, seconds: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["complete"]:
            return job
        time.sleep(0.05)
    raise AssertionError("job did not finish")


def ingest(client: TestClient, name: str, data: bytes) -> dict[str, Any]:
    r = client.post("/api/ingest", files={"files": (name, data, "text/plain")}, headers=auth())
    assert r.status_code == 201, r.text
    return r.json()


# --- check -------------------------------------------------------------------------------

def test_health(client: TestClient) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_check_reports_what_the_checker_finds(client: TestClient) -> None:
    expected = check_file(EXAMPLE_ERRORS)
    r = client.post("/api/check", files=upload(EXAMPLE_ERRORS))
    assert r.status_code == 200
    body = r.json()
    assert body["document"]["entity"] == "云溪县文化广电和旅游局"
    assert body["document"]["year"] == 2024
    assert body["document"]["kind"] == "预算"
    codes = [f["code"] for f in body["report"]["findings"]]
    assert codes == expected.codes()
    assert "NAR001" in codes
    assert body["report"]["summary"]["error"] == expected.count(expected.findings[0].severity)
    assert body["result_url"] == f"/results/{body['result_id']}"


def test_check_errors_example_exact_findings(client: TestClient) -> None:
    r = client.post("/api/check", files=upload(EXAMPLE_ERRORS))
    assert r.status_code == 200
    findings = r.json()["report"]["findings"]
    assert sorted(f["code"] for f in findings) == ["CLS003", "NAR001", "NAR002", "NAR002", "NAR006", "NAR006",
                                                   "NAR007"]
    assert all(f["locations"] and f["message"] for f in findings)


def test_app_checks_files_when_the_store_is_unavailable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    # A missing or broken store: importing the corpus module fails.
    monkeypatch.setitem(sys.modules, "budgetlens.web.corpus", None)
    monkeypatch.setitem(sys.modules, "budgetlens.analyze.resolver", None)
    with TestClient(create_app(make_settings(tmp_path))) as c:
        assert c.get("/").status_code == 200
        r = c.post("/api/check", files=upload(EXAMPLE_ERRORS))
        assert r.status_code == 200 and len(r.json()["report"]["findings"]) == 7
        for url in ("/api/entities", "/api/documents", "/api/findings", "/api/concepts", "/api/export"):
            e = c.get(url)
            assert e.status_code == 503, url
            assert e.json()["detail"].startswith("资料库功能不可用：存储模块无法加载（ModuleNotFoundError）")
        page = c.get("/corpus")
        assert page.status_code == 503 and "资料库功能不可用" in page.text
        ing = c.post("/api/ingest", headers=auth(), files={"files": ("a.txt", EXAMPLE.read_bytes(), "text/plain")})
        assert ing.status_code == 503


def test_check_full_returns_the_extracted_disclosure(client: TestClient) -> None:
    from budgetlens.api import parse

    d = parse(EXAMPLE_ERRORS)
    r = client.post("/api/check", params={"full": "true"}, files=upload(EXAMPLE_ERRORS))
    assert r.status_code == 200
    got = r.json()["disclosure"]
    assert len(got["tables"]) == len(d.tables) == 9
    assert len(got["claims"]) == len(d.claims)
    first = d.tables[0].rows[0].values["预算数"]
    cell = got["tables"][0]["rows"][0]["values"]["预算数"]
    assert cell["value"] == str(first.value) and cell["where"]["row"] == first.where.row  # type: ignore[union-attr]
    assert "disclosure" not in client.post("/api/check", files=upload(EXAMPLE_ERRORS)).json()


def test_check_clean_example_has_no_findings(client: TestClient) -> None:
    r = client.post("/api/check", files=upload(EXAMPLE))
    assert r.status_code == 200
    assert r.json()["report"]["findings"] == []


def test_check_seed(client: TestClient, seeds_dir: Path) -> None:
    seed = sorted(seeds_dir.glob("001_*.txt"))[0]
    expected = check_file(seed)
    r = client.post("/api/check", files=upload(seed))
    assert r.status_code == 200
    assert [f["code"] for f in r.json()["report"]["findings"]] == expected.codes()


def test_unreadable_text_is_422_with_message(client: TestClient) -> None:
    r = client.post("/api/check", files={"file": ("x.txt", b"  \r\n\t\n  ", "text/plain")})
    assert r.status_code == 422
    assert r.json()["report"]["error"]
    assert "x.txt" in r.json()["report"]["error"]


def test_result_report_downloads(client: TestClient) -> None:
    rid = client.post("/api/check", files=upload(EXAMPLE_ERRORS)).json()["result_id"]
    n = len(check_file(EXAMPLE_ERRORS).findings)
    j = client.get(f"/api/results/{rid}/report", params={"format": "json"})
    assert j.status_code == 200
    assert len(j.json()["reports"][0]["findings"]) == n
    h = client.get(f"/api/results/{rid}/report", params={"format": "html"})
    assert h.status_code == 200 and "NAR001" in h.text
    x = client.get(f"/api/results/{rid}/report", params={"format": "xlsx"})
    wb = load_workbook(io.BytesIO(x.content))
    assert wb.sheetnames == ["汇总", "问题"]
    assert wb["问题"].max_row == n + 1
    assert wb["汇总"]["E2"].value == n
    assert client.get("/api/results/nope/report").status_code == 404


# --- limits and safety -------------------------------------------------------------------

def test_oversized_upload_is_413(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path, max_upload_bytes=2000))) as c:
        r = c.post("/api/check", files=upload(EXAMPLE))
        assert r.status_code == 413
        assert r.json()["detail"] == "yunxi_2024_budget.txt：文件超过大小上限（2.0 KB）"


def test_request_body_limit_refuses_before_reading(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path, max_upload_bytes=1000, max_files=1))) as c:
        r = c.post("/api/check", files={"file": ("big.txt", b"x" * (2 * 1024 * 1024), "text/plain")})
        assert r.status_code == 413
        assert r.json()["detail"] == "请求过大（上限 1.0 MB）"


def test_chunked_body_is_cut_off_at_the_limit(tmp_path: Path) -> None:
    # No Content-Length: the body is counted as it streams and refused past the limit.
    # (TestClient buffers the request; that the server stops reading is shown in test_live.py.)
    boundary = "bl-test-boundary"

    def body() -> Any:
        yield (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
               "Content-Type: text/plain\r\n\r\n").encode()
        for _ in range(64):  # 4 MiB in all
            yield b"x" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    with TestClient(create_app(make_settings(tmp_path, max_upload_bytes=1000, max_files=1))) as c:
        r = c.post("/api/check", content=body(), headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert r.status_code == 413
        assert r.json()["detail"] == "请求过大（上限 1.0 MB）"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert c.get("/api/health").status_code == 200


def test_busy_server_refuses_synchronous_checks_with_503(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path, max_pending=2))) as c:
        st = c.app.state.bl  # type: ignore[attr-defined]
        st.pending = 2  # two checks under way
        r = c.post("/api/check", files=upload(EXAMPLE))
        assert r.status_code == 503
        assert r.headers["Retry-After"] == "5"
        assert r.json()["detail"] == "服务器繁忙（2 个文件正在处理或排队），请稍后重试"
        assert c.post("/api/ingest", headers=auth(), files={"files": ("a.txt", EXAMPLE.read_bytes())}).status_code == 503
        st.pending = 1
        ok = c.post("/api/check", files=upload(EXAMPLE))
        assert ok.status_code == 200
        assert st.pending == 1  # released after the check
        assert c.get("/api/health").json()["pending"] == 1


def test_too_many_files_is_413(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path, max_files=2))) as c:
        files = [("files", (f"{i}.txt", b"x", "text/plain")) for i in range(3)]
        r = c.post("/api/check/batch", files=files)
        assert r.status_code == 413
        assert "最多上传 2 个" in r.json()["detail"]


@pytest.mark.parametrize(("name", "data", "fragment"), [
    ("tool.exe", b"MZ\x90\x00\x03", "不支持的文件类型"),
    ("noext", b"hello", "无扩展名"),
    ("archive.docx", _zip_with("notes.txt"), "压缩包"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Office 97-2003"),
    ("garbage.txt", bytes(range(256)) * 8, "二进制"),
], ids=["exe", "no-extension", "zip-not-docx", "ole-doc", "binary"])
def test_wrong_type_is_415(client: TestClient, name: str, data: bytes, fragment: str) -> None:
    r = client.post("/api/check", files={"file": (name, data, "application/octet-stream")})
    assert r.status_code == 415
    assert fragment in r.json()["detail"]


def test_misnamed_file_is_read_by_its_content(client: TestClient) -> None:
    r = client.post("/api/check", files={"file": ("budget.html", EXAMPLE_ERRORS.read_bytes(), "text/html")})
    assert r.status_code == 200
    assert r.json()["document"]["entity"] == "云溪县文化广电和旅游局"


def test_empty_file_is_400(client: TestClient) -> None:
    r = client.post("/api/check", files={"file": ("empty.txt", b"", "text/plain")})
    assert r.status_code == 400
    assert "文件为空" in r.json()["detail"]


def test_client_path_is_never_used_on_disk(client: TestClient, settings: Any) -> None:
    r = client.post("/api/check", files=upload(EXAMPLE_ERRORS, "../../../etc/evil.txt"))
    assert r.status_code == 200
    assert r.json()["document"]["file"] == "evil.txt"
    root = settings.upload_dir
    stored = [p for p in root.rglob("*") if p.is_file()]
    assert stored == []  # removed after processing
    assert not (root.parent / "etc").exists()


def test_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/health", "/docs"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


# --- auth --------------------------------------------------------------------------------

def test_ingest_requires_token(client: TestClient) -> None:
    files = {"files": ("a.txt", EXAMPLE.read_bytes(), "text/plain")}
    assert client.post("/api/ingest", files=files).status_code == 401
    r = client.post("/api/ingest", files=files, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401
    assert r.json()["detail"] == "缺少或错误的 API 令牌"
    assert client.post("/api/ingest", files=files, headers={"X-API-Token": TOKEN}).status_code == 201


def test_write_endpoints_closed_without_configured_token(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path, api_token=""))) as c:
        r = c.post("/api/ingest", files={"files": ("a.txt", EXAMPLE.read_bytes(), "text/plain")},
                   headers={"Authorization": "Bearer "})
        assert r.status_code == 403
        assert "BUDGETLENS_API_TOKEN" in r.json()["detail"]
        assert c.delete("/api/documents/1").status_code == 403


def test_read_endpoints_token_protected_by_configuration(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path, read_requires_token=True))) as c:
        for path in ("/api/entities", "/api/documents", "/api/findings", "/api/export"):
            assert c.get(path).status_code == 401, path
            assert c.get(path, headers=auth()).status_code == 200, path
        assert c.post("/api/check", files=upload(EXAMPLE)).status_code == 401
        assert c.post("/api/check", files=upload(EXAMPLE), headers=auth()).status_code == 200


# --- corpus ------------------------------------------------------------------------------

def test_ingest_query_and_delete(client: TestClient) -> None:
    first = ingest(client, "yunxi.txt", EXAMPLE_ERRORS.read_bytes())
    assert first["outcome"] == "added"
    again = ingest(client, "copy.txt", EXAMPLE_ERRORS.read_bytes())
    assert again["outcome"] == "unchanged" and again["document_id"] == first["document_id"]
    doc_id = first["document_id"]

    ents = client.get("/api/entities", params={"q": "云溪"}).json()
    assert [(e["name"], e["code"], e["documents"], e["years"]) for e in ents] == [
        ("云溪县文化广电和旅游局", "208001", 1, [2024])]
    assert client.get("/api/entities", params={"q": "208001"}).json()[0]["id"] == ents[0]["id"]
    assert client.get("/api/entities", params={"q": "不存在的单位"}).json() == []
    assert client.get("/api/entities", params={"q": "%"}).json() == []
    ent = client.get(f"/api/entities/{ents[0]['id']}").json()
    assert [d["id"] for d in ent["documents"]] == [doc_id]
    assert client.get("/api/entities/999").status_code == 404

    docs = client.get("/api/documents", params={"year": 2024}).json()
    assert [d["id"] for d in docs] == [doc_id]
    assert client.get("/api/documents", params={"year": 2020}).json() == []
    n = len(check_file(EXAMPLE_ERRORS).findings)
    doc = client.get(f"/api/documents/{doc_id}", params={"full": True}).json()
    assert doc["errors"] == n and len(doc["report"]["findings"]) == n
    assert doc["disclosure"]["entity"]["name"] == "云溪县文化广电和旅游局"
    assert "disclosure" not in client.get(f"/api/documents/{doc_id}").json()

    found = client.get("/api/findings", params={"document_id": doc_id}).json()
    assert len(found) == n
    nar = client.get("/api/findings", params={"code": "NAR001"}).json()
    assert [f["code"] for f in nar] == ["NAR001"]
    assert client.get("/api/findings", params={"severity": "info"}).json() == []
    assert client.get("/api/findings", params={"severity": "bad"}).status_code == 422

    assert client.delete(f"/api/documents/{doc_id}").status_code == 401
    assert client.delete(f"/api/documents/{doc_id}", headers=auth()).status_code == 204
    assert client.get(f"/api/documents/{doc_id}").status_code == 404
    assert client.delete(f"/api/documents/{doc_id}", headers=auth()).status_code == 404


def test_compare_and_export(client: TestClient, seeds_dir: Path) -> None:
    ingest(client, "y2024.txt", EXAMPLE.read_bytes())
    ingest(client, "y2023.txt", year_variant(2023))
    seed = sorted(seeds_dir.glob("003_*.txt"))[0]
    ingest(client, seed.name, seed.read_bytes())
    ent = client.get("/api/entities", params={"q": "云溪"}).json()[0]

    years = client.get("/api/compare/years", params={"entity_id": ent["id"], "concept": ["本年支出合计", "基本支出"]}).json()
    assert years["years"] == [2023, 2024]
    assert years["series"] == {"本年支出合计": ["5586400", "5586400"], "基本支出": ["3066400", "3066400"]}

    by_ent = client.get("/api/compare/entities", params={"year": 2024, "concept": "本年支出合计"}).json()
    assert [e["name"] for e in by_ent["entities"]] == sorted(["云溪县文化广电和旅游局", "麟游县医疗保障经办机构"])
    values = dict(zip([e["name"] for e in by_ent["entities"]], by_ent["series"]["本年支出合计"], strict=True))
    assert values["云溪县文化广电和旅游局"] == "5586400"
    assert values["麟游县医疗保障经办机构"] == "3488570"
    assert "三公经费" in client.get("/api/concepts").json()

    text = client.get("/api/export", params={"format": "csv"}).text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["文档编号", "单位", "单位编码", "年度"]
    assert len(rows) == 4
    js = client.get("/api/export", params={"format": "json", "year": 2023}).json()
    assert [(r["年度"], r["本年支出合计"]) for r in js] == [(2023, "5586400")]
    x = client.get("/api/export", params={"format": "xlsx"})
    assert load_workbook(io.BytesIO(x.content))["标准指标"].max_row == 4


# --- background jobs ---------------------------------------------------------------------

def test_batch_check_job(client: TestClient) -> None:
    files = [("files", ("a.txt", EXAMPLE.read_bytes(), "text/plain")),
             ("files", ("b.txt", EXAMPLE_ERRORS.read_bytes(), "text/plain")),
             ("files", ("c.txt", b" \n \n", "text/plain"))]
    r = client.post("/api/check/batch", files=files)
    assert r.status_code == 202
    job = wait_job(client, r.json()["job_id"])
    states = {i["name"]: i["state"] for i in job["items"]}
    assert states == {"a.txt": "done", "b.txt": "done", "c.txt": "failed"}
    b = next(i for i in job["items"] if i["name"] == "b.txt")
    assert b["findings"] == len(check_file(EXAMPLE_ERRORS).findings)
    assert job["percent"] == 100
    report = client.get(f"/jobs/{job['id']}/report.json").json()
    assert sorted(rep["file"] for rep in report["reports"]) == ["a.txt", "b.txt", "c.txt"]
    assert client.get("/api/jobs/missing").status_code == 404


def test_batch_ingest_job(client: TestClient) -> None:
    files = [("files", ("a.txt", EXAMPLE.read_bytes(), "text/plain")),
             ("files", ("b.txt", year_variant(2022), "text/plain"))]
    assert client.post("/api/ingest", files=files).status_code == 401
    r = client.post("/api/ingest", files=files, headers=auth())
    assert r.status_code == 202
    job = wait_job(client, r.json()["job_id"])
    assert all(i["state"] == "done" and i["document_id"] for i in job["items"])
    assert sorted(d["year"] for d in client.get("/api/documents").json()) == [2022, 2024]


# --- docs --------------------------------------------------------------------------------

def test_openapi_and_local_docs(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/check", "/api/ingest", "/api/entities", "/api/documents/{document_id}", "/api/findings",
                 "/api/compare/years", "/api/compare/entities", "/api/export", "/api/jobs/{job_id}"):
        assert path in spec["paths"], path
    page = client.get("/docs").text
    assert "http://" not in page and "https://" not in page
    assert client.get("/vendor/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/vendor/swagger/swagger-ui.css").status_code == 200
    plotly = client.get("/vendor/plotly.min.js")
    assert plotly.status_code == 200 and plotly.headers["content-type"].startswith("text/javascript")
