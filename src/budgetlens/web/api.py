"""The REST API under /api (OpenAPI at /api/openapi.json, docs page at /docs)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response

from budgetlens.check.output import render_html, render_json, report_dict
from budgetlens.web.app import State, state_of
from budgetlens.web.exports import report_xlsx
from budgetlens.web.processing import Analysis, UploadRejected, check_type, safe_name
from budgetlens.web.security import require_read, require_write
from budgetlens.web.service import concepts as standard_concepts
from budgetlens.web.uploads import receive

router = APIRouter(prefix="/api")
Read = [Depends(require_read)]
Write = [Depends(require_write)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def accept(st: State, files: list[UploadFile]) -> list[tuple[str, Path]]:
    """Check count, size and type of every upload; store each under a generated name.

    Returns (display name, path on disk). Nothing the client sent is used as a path.
    """
    s = st.settings
    if not files:
        raise UploadRejected("没有收到文件", status=400)
    if len(files) > s.max_files:
        raise UploadRejected(f"一次最多上传 {s.max_files} 个文件，收到 {len(files)} 个", status=413)
    accepted: list[tuple[str, Path]] = []
    try:
        for f in files:
            name = safe_name(f.filename)
            data = await receive(f, s.max_upload_bytes, name)
            check_type(data, name)
            accepted.append((name, st.uploads.write(data)))
    except BaseException:
        for _, path in accepted:
            path.unlink(missing_ok=True)
        raise
    return accepted


@contextmanager
def admitted(st: State) -> Iterator[None]:
    """Admit one synchronous check, or refuse it (503, Retry-After) when too many are under way.

    Checked before the upload is read, so a burst beyond the limit costs nothing but the refusal.
    """
    limit = st.settings.max_pending
    if st.pending >= limit:
        raise HTTPException(503, f"服务器繁忙（{st.pending} 个文件正在处理或排队），请稍后重试",
                            headers={"Retry-After": "5"})
    st.pending += 1
    try:
        yield
    finally:
        st.pending -= 1


async def analyze_one(st: State, name: str, path: Path) -> Analysis:
    try:
        return await st.runner.run(path, name)
    finally:
        path.unlink(missing_ok=True)


def summary(a: Analysis) -> dict[str, Any]:
    return a.summary or {"file": a.name}


@router.get("/health", tags=["系统"], summary="服务状态")
def health(request: Request) -> dict[str, Any]:
    st = state_of(request)
    return {"status": "ok", "workers": st.settings.workers, "results_cached": len(st.results),
            "pending": st.pending}


@router.post("/check", tags=["检查"], summary="检查一个文件（同步）", dependencies=Read)
async def check_one(request: Request, file: Annotated[UploadFile, File(description="预决算公开文件")],
                    full: Annotated[bool, Query(description="同时返回提取结果（报表、数字、绩效目标）")] = False,
                    ) -> JSONResponse:
    """读取、提取并检查一个文件，返回检查报告（与 `budgetlens check --format json` 相同的结构）。"""
    st = state_of(request)
    with admitted(st):
        [(name, path)] = await accept(st, [file])
        a = await analyze_one(st, name, path)
    rid = st.results.add(a)
    body: dict[str, Any] = {"result_id": rid, "result_url": f"/results/{rid}", "document": summary(a),
                            "report": report_dict(a.report)}
    if full and a.disclosure_json is not None:
        body["disclosure"] = json.loads(a.disclosure_json)
    elif full and a.disclosure is not None:
        body["disclosure"] = json.loads(a.disclosure.to_json(indent=None))
    return JSONResponse(body, status_code=200 if a.ok else 422)


@router.post("/check/batch", tags=["检查"], summary="批量检查（后台运行）", status_code=202, dependencies=Read)
async def check_batch(request: Request,
                      files: Annotated[list[UploadFile], File(description="多个文件")]) -> dict[str, Any]:
    """后台检查多个文件，返回任务编号；用 `GET /api/jobs/{id}` 查询进度。"""
    st = state_of(request)
    job = st.jobs.submit("check", await accept(st, files))
    return {"job_id": job.id, "status_url": f"/api/jobs/{job.id}", "page_url": f"/jobs/{job.id}"}


@router.get("/jobs/{job_id}", tags=["检查"], summary="任务进度", dependencies=Read)
def job_status(request: Request, job_id: str) -> dict[str, Any]:
    job = state_of(request).jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "没有这个任务（可能已过期）")
    return job.as_dict()


@router.get("/results/{result_id}/report", tags=["检查"], summary="下载检查报告", dependencies=Read)
def result_report(request: Request, result_id: str,
                  format: Literal["json", "html", "xlsx"] = "json") -> Response:
    a = state_of(request).results.get(result_id)
    if a is None:
        raise HTTPException(404, "没有这个检查结果（可能已过期）")
    return report_response([a], format, Path(a.name).stem or "report")


def report_response(analyses: list[Analysis], fmt: str, stem: str) -> Response:
    reports = [a.report for a in analyses]
    from urllib.parse import quote
    disp = f"attachment; filename=\"report.{fmt}\"; filename*=UTF-8''{quote(stem)}-report.{fmt}"
    if fmt == "html":
        return HTMLResponse(render_html(reports), headers={"Content-Disposition": disp})
    if fmt == "xlsx":
        return Response(report_xlsx(reports), media_type=XLSX, headers={"Content-Disposition": disp})
    return Response(render_json(reports), media_type="application/json", headers={"Content-Disposition": disp})


@router.post("/ingest", tags=["资料库"], summary="检查并存入资料库", dependencies=Write)
async def ingest(request: Request, files: Annotated[list[UploadFile], File(description="一个或多个文件")],
                 background: bool = False) -> JSONResponse:
    """一个文件：同步处理并返回文档编号；多个文件或 `background=true`：后台处理，返回任务编号。"""
    st = state_of(request)
    accepted = await accept(st, files)
    corpus = st.corpus()
    if len(accepted) > 1 or background:
        job = st.jobs.submit("ingest", accepted, lambda a: _store(st, a))
        return JSONResponse({"job_id": job.id, "status_url": f"/api/jobs/{job.id}", "page_url": f"/jobs/{job.id}"},
                            status_code=202)
    name, path = accepted[0]
    with admitted(st):
        a = await analyze_one(st, name, path)
    if not a.ok or a.disclosure is None:
        return JSONResponse({"detail": a.report.error, "document": summary(a)}, status_code=422)
    stored = corpus.ingest(a.disclosure, a.report)
    return JSONResponse({**stored, "document": summary(a), "report": report_dict(a.report)}, status_code=201)


def _store(st: State, a: Analysis) -> dict[str, Any]:
    assert a.disclosure is not None
    return st.corpus().ingest(a.disclosure, a.report)


@router.get("/entities", tags=["资料库"], summary="单位列表与搜索", dependencies=Read)
def entities(request: Request, q: str | None = Query(None, max_length=100, description="名称、编码或地区"),
             limit: int = Query(200, ge=1, le=1000), offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
    return state_of(request).corpus().entities(q, limit, offset)


@router.get("/entities/{entity_id}", tags=["资料库"], summary="一个单位及其文档", dependencies=Read)
def entity(request: Request, entity_id: int) -> dict[str, Any]:
    return state_of(request).corpus().entity(entity_id)


@router.get("/documents", tags=["资料库"], summary="文档列表", dependencies=Read)
def documents(request: Request, entity_id: int | None = None, year: int | None = None,
              kind: str | None = Query(None, max_length=20), q: str | None = Query(None, max_length=100),
              limit: int = Query(500, ge=1, le=5000), offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
    return state_of(request).corpus().documents(entity_id, year, kind, q, limit, offset)


@router.get("/documents/{document_id}", tags=["资料库"], summary="一个文档：信息、报告，可含提取结果",
            dependencies=Read)
def document(request: Request, document_id: int, full: bool = False) -> dict[str, Any]:
    doc = state_of(request).corpus().document(document_id)
    body: dict[str, Any] = {**doc.meta, "report": report_dict(doc.report)}
    if full:
        body["disclosure"] = json.loads(doc.disclosure.to_json(indent=None))
    return body


@router.delete("/documents/{document_id}", tags=["资料库"], summary="删除文档", status_code=204,
               dependencies=Write)
def delete_document(request: Request, document_id: int) -> Response:
    state_of(request).corpus().delete(document_id)
    return Response(status_code=204)


@router.get("/findings", tags=["资料库"], summary="查询问题", dependencies=Read)
def findings(request: Request, document_id: int | None = None, entity_id: int | None = None,
             year: int | None = None, code: str | None = Query(None, max_length=20),
             severity: Literal["error", "warning", "info"] | None = None,
             limit: int = Query(500, ge=1, le=5000), offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
    return state_of(request).corpus().findings(document_id, code, severity, entity_id, year, limit, offset)


@router.get("/compare/years", tags=["比较"], summary="一个单位的历年比较", dependencies=Read)
def compare_years(request: Request, entity_id: int, concept: Annotated[list[str] | None, Query()] = None,
                  kind: str | None = Query(None, max_length=20)) -> dict[str, Any]:
    return state_of(request).corpus().compare_years(entity_id, concept, kind)


@router.get("/compare/entities", tags=["比较"], summary="同一年度多个单位的比较", dependencies=Read)
def compare_entities(request: Request, year: int, concept: Annotated[list[str] | None, Query()] = None,
                     kind: str | None = Query(None, max_length=20),
                     entity_id: Annotated[list[int] | None, Query()] = None) -> dict[str, Any]:
    return state_of(request).corpus().compare_entities(year, concept, kind, entity_id)


@router.get("/concepts", tags=["比较"], summary="可比较的指标", dependencies=Read)
def concepts(request: Request) -> list[str]:
    state_of(request).corpus()  # 503 when the store is unavailable
    return list(standard_concepts())


@router.get("/export", tags=["资料库"], summary="导出：每个文档的标准指标（元）", dependencies=Read)
def export(request: Request, format: Literal["json", "csv", "xlsx"] = "csv", year: int | None = None,
           entity_id: int | None = None) -> Response:
    corpus = state_of(request).corpus()
    quantities = standard_concepts()
    header = ["文档编号", "单位", "单位编码", "年度", "类型", "文件", "错误", "警告", *quantities]
    rows: list[list[Any]] = []
    for meta in corpus.documents(entity_id=entity_id, year=year, limit=100000):
        q = corpus.document(meta["id"]).meta["quantities"]
        rows.append([meta["id"], meta["entity"], meta["entity_code"] or "", meta["year"], meta["kind"] or "",
                     meta["file"], meta["errors"], meta["warnings"], *[q.get(c) or "" for c in quantities]])
    if format == "json":
        return JSONResponse([dict(zip(header, r, strict=True)) for r in rows])
    if format == "xlsx":
        from openpyxl import Workbook
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "标准指标"
        ws.append(header)
        for r in rows:
            ws.append(r)
        buf = io.BytesIO()
        wb.save(buf)
        return Response(buf.getvalue(), media_type=XLSX,
                        headers={"Content-Disposition": 'attachment; filename="budgetlens-export.xlsx"'})
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    w.writerows(rows)
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="budgetlens-export.csv"'})
