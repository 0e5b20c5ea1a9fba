"""The FastAPI application: server-rendered pages in Chinese and the REST API under /api."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from budgetlens import __version__
from budgetlens.errors import BudgetlensError
from budgetlens.web.jobs import JobManager
from budgetlens.web.processing import Runner, UploadRejected
from budgetlens.web.security import BodyLimit, SecurityHeaders, csrf_token, set_csrf_cookie
from budgetlens.web.service import CorpusUnavailable, NotFound, open_corpus
from budgetlens.web.settings import Settings
from budgetlens.web.uploads import ResultCache, UploadArea

if TYPE_CHECKING:
    from budgetlens.web.corpus import Corpus

STATIC = Path(str(resources.files("budgetlens.web") / "static"))


def plotly_js_path() -> Path:
    """plotly.min.js as shipped inside the ``plotly`` package (no CDN)."""
    return Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))


def swagger_dir() -> Path:
    """Swagger UI 5 (swagger-ui-bundle.js, swagger-ui.css) as shipped inside the ``fastapi_offline`` package."""
    folder = Path(str(resources.files("fastapi_offline") / "static"))
    if not (folder / "swagger-ui-bundle.js").is_file():
        raise BudgetlensError("未找到 fastapi-offline 包中的 Swagger UI 文件，请安装 budgetlens[web]")
    return folder


class State:
    """Everything the handlers share; the corpus is opened on first use."""

    def __init__(self, settings: Settings, corpus: Corpus | None) -> None:
        self.settings = settings
        self.runner = Runner(settings.workers, settings.file_timeout)
        self.results = ResultCache(settings.max_results)
        self.jobs = JobManager(self.runner, self.results)
        self.uploads = UploadArea(settings.upload_dir)
        self._corpus = corpus
        self._lock = threading.Lock()
        self.pending = 0  # synchronous checks admitted and not finished (event loop only)

    def corpus(self) -> Corpus:
        with self._lock:
            if self._corpus is None:
                self._corpus = open_corpus(self.settings.database_url)
            return self._corpus

    def close(self) -> None:
        self.jobs.close()
        self.runner.close()
        self.uploads.close()


def _env() -> Environment:
    env = Environment(loader=PackageLoader("budgetlens.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["money"] = _money
    return env


def _money(value: object) -> str:
    if value is None or value == "":
        return "—"
    from decimal import Decimal, InvalidOperation
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{d:,.2f}"


def create_app(settings: Settings | None = None, corpus: Corpus | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    settings.validate()
    state = State(settings, corpus)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        title="budgetlens 预决算公开检查",
        version=__version__,
        description=("读取、检查、存储、比较预决算公开文件。写入接口需要 API 令牌"
                     "（请求头 `Authorization: Bearer <令牌>` 或 `X-API-Token`）；读取接口是否需要令牌由管理员配置。"),
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json", lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.bl = state
    app.state.templates = _env()
    # The last added runs first: security headers go on every response, the body limit's 413 too.
    app.add_middleware(BodyLimit, limit=settings.max_files * settings.max_upload_bytes + 1024 * 1024)
    app.add_middleware(SecurityHeaders)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/vendor/swagger", StaticFiles(directory=swagger_dir()), name="swagger")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> Response:
        from fastapi.responses import FileResponse
        return FileResponse(plotly_js_path(), media_type="text/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return render(request, "docs.html", title="接口文档")

    from budgetlens.web.api import router as api_router
    from budgetlens.web.pages import router as pages_router
    app.include_router(api_router)
    app.include_router(pages_router)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(UploadRejected)
    async def _rejected(request: Request, exc: UploadRejected) -> Response:
        return _error(request, exc.status, str(exc), wants_json(request))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc), wants_json(request))

    @app.exception_handler(CorpusUnavailable)
    async def _unavailable(request: Request, exc: CorpusUnavailable) -> Response:
        return _error(request, 503, str(exc), wants_json(request))

    @app.exception_handler(BudgetlensError)
    async def _bl_error(request: Request, exc: BudgetlensError) -> Response:
        return _error(request, 400, str(exc), wants_json(request))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "请求无效"
        if exc.status_code == 404 and detail == "Not Found":
            detail = "页面不存在"
        return _error(request, exc.status_code, detail, wants_json(request), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "请求参数无效", "errors": _plain_errors(exc)}, status_code=422)
        return _error(request, 422, "请求参数无效", False)

    return app


def _plain_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()]


def _error(request: Request, status: int, message: str, as_json: bool,
           headers: Mapping[str, str] | None = None) -> Response:
    if as_json:
        return JSONResponse({"detail": message}, status_code=status, headers=dict(headers or {}))
    return render(request, "error.html", status=status, title="出错了", message=message, code=status)


def render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    env: Environment = request.app.state.templates
    token = csrf_token(request)
    html = env.get_template(template).render(request=request, csrf=token, version=__version__, **ctx)
    response = HTMLResponse(html, status_code=status)
    set_csrf_cookie(request, response, request.app.state.settings)
    return response


def state_of(request: Request) -> State:
    st: State = request.app.state.bl
    return st
