"""Server-rendered pages (Chinese): upload and check, result, batch progress, corpus, compare."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from budgetlens.web.api import accept, admitted, analyze_one, report_response, summary
from budgetlens.web.app import render, state_of
from budgetlens.web.processing import SUFFIXES
from budgetlens.web.security import verify_csrf
from budgetlens.web.service import DEFAULT_CHOSEN, NotFound
from budgetlens.web.service import concepts as standard_concepts
from budgetlens.web.view import build_blocks, finding_view, sorted_findings, table_view

router = APIRouter(include_in_schema=False)

ACCEPT = ",".join(SUFFIXES)


def _corpus_or_none(request: Request) -> Any:
    try:
        return state_of(request).corpus()
    except Exception:
        return None


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    st = state_of(request)
    corpus = _corpus_or_none(request)
    return render(request, "index.html", title="检查预决算公开文件", accept=ACCEPT,
                  max_files=st.settings.max_files, max_mb=st.settings.max_upload_bytes / (1024 * 1024),
                  stats=corpus.stats() if corpus else None, ingest_enabled=bool(st.settings.api_token))


@router.post("/check")
async def check_form(request: Request, files: Annotated[list[UploadFile], File()],
                     csrf_token: Annotated[str, Form()] = "", store: Annotated[str, Form()] = "",
                     api_token: Annotated[str, Form()] = "") -> Response:
    verify_csrf(request, csrf_token)
    st = state_of(request)
    want_store = store == "1"
    if want_store:
        settings = st.settings
        if not settings.api_token or not _form_token_ok(api_token, settings.api_token):
            raise HTTPException(403, "存入资料库需要正确的 API 令牌")
    accepted = await accept(st, files)
    if len(accepted) == 1 and not want_store:
        name, path = accepted[0]
        with admitted(st):
            a = await analyze_one(st, name, path)
        rid = st.results.add(a)
        return RedirectResponse(f"/results/{rid}", status_code=303)
    on_result = None
    if want_store:
        corpus = st.corpus()

        def on_result(a: Any) -> dict[str, Any]:
            return corpus.ingest(a.disclosure, a.report)

    job = st.jobs.submit("ingest" if want_store else "check", accepted, on_result)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _form_token_ok(given: str, expected: str) -> bool:
    import hmac
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


@router.get("/results/{result_id}", response_class=HTMLResponse)
def result_page(request: Request, result_id: str) -> HTMLResponse:
    a = state_of(request).results.get(result_id)
    if a is None:
        raise HTTPException(404, "没有这个检查结果（可能已过期，请重新上传）")
    blocks = build_blocks(a.read, a.disclosure, a.report) if a.read is not None else []
    d = a.disclosure
    return render(request, "result.html", title=f"检查结果：{a.name}", rid=result_id, a=a, doc=summary(a),
                  blocks=blocks, findings=[finding_view(f) for f in sorted_findings(a.report)],
                  tables=[table_view(t) for t in d.tables] if d else [], claims=d.claims if d else [],
                  counts=_counts(a.report.findings))


def _counts(findings: list[Any]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        out[f.severity.value] += 1
    return out


@router.get("/results/{result_id}/report.{fmt}")
def result_download(request: Request, result_id: str, fmt: Literal["html", "json", "xlsx"]) -> Response:
    a = state_of(request).results.get(result_id)
    if a is None:
        raise HTTPException(404, "没有这个检查结果（可能已过期，请重新上传）")
    return report_response([a], fmt, Path(a.name).stem or "report")


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    job = state_of(request).jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "没有这个任务（可能已过期）")
    return render(request, "job.html", title="批量处理进度", job=job.as_dict())


@router.get("/jobs/{job_id}/report.{fmt}")
def job_download(request: Request, job_id: str, fmt: Literal["html", "json", "xlsx"]) -> Response:
    st = state_of(request)
    job = st.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "没有这个任务（可能已过期）")
    analyses = [a for a in (st.results.get(i.result_id) for i in job.items if i.result_id) if a is not None]
    if not analyses:
        raise HTTPException(409, "任务尚无结果")
    return report_response(analyses, fmt, "batch")


@router.get("/corpus", response_class=HTMLResponse)
def corpus_page(request: Request, q: str = Query("", max_length=100), year: str = "", kind: str = "") -> HTMLResponse:
    corpus = state_of(request).corpus()
    y = int(year) if year.isdigit() else None
    return render(request, "corpus.html", title="资料库", q=q, year=y, kind=kind,
                  entities=corpus.entities(q or None), years=corpus.years(), kinds=corpus.kinds(),
                  documents=corpus.documents(year=y, kind=kind or None, q=q or None), stats=corpus.stats())


@router.get("/corpus/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: int) -> HTMLResponse:
    corpus = state_of(request).corpus()
    info = corpus.entity(entity_id)
    known = standard_concepts()
    chart = corpus.compare_years(entity_id, [c for c in DEFAULT_CHOSEN if c in known])
    return render(request, "entity.html", title=info["name"], entity=info, chart=chart)


@router.get("/corpus/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: int) -> HTMLResponse:
    doc = state_of(request).corpus().document(document_id)
    d = doc.disclosure
    return render(request, "document.html", title=doc.meta["title"] or doc.meta["file"], meta=doc.meta,
                  concepts=standard_concepts(), tables=[table_view(t) for t in d.tables], claims=d.claims,
                  targets=d.targets, findings=[finding_view(f) for f in sorted_findings(doc.report)],
                  counts=_counts(doc.report.findings))


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, entity_id: str = "", year: str = "", kind: str = "",
                 concept: Annotated[list[str] | None, Query()] = None) -> HTMLResponse:
    corpus = state_of(request).corpus()
    known = standard_concepts()
    chosen = [c for c in (concept or []) if c in known] or [c for c in DEFAULT_CHOSEN if c in known]
    by_years = by_entities = None
    try:
        if entity_id.isdigit():
            by_years = corpus.compare_years(int(entity_id), chosen, kind or None)
    except NotFound:
        by_years = None
    if year.isdigit():
        by_entities = corpus.compare_entities(int(year), chosen, kind or None)
    return render(request, "compare.html", title="比较", entities=corpus.entities(limit=1000), years=corpus.years(),
                  kinds=corpus.kinds(), concepts=known, chosen=chosen, entity_id=entity_id, year=year, kind=kind,
                  by_years=by_years, by_entities=by_entities,
                  chart={"years": by_years, "entities": by_entities})


