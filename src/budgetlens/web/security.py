"""Security: response headers, the CSRF token of forms, and the API token."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Depends, HTTPException, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp

from budgetlens.web.settings import Settings
from budgetlens.web.uploads import human_size

CSRF_COOKIE = "bl_csrf"
CSRF_FIELD = "csrf_token"

# Scripts only from this server; Plotly sets inline styles on the chart elements.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders:
    """Adds the headers above to every HTTP response (pure ASGI: no task group around the app,
    so exceptions raised while a handler reads the body reach the framework unwrapped)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        no_store = str(scope.get("path", "")).startswith(("/api/", "/results/", "/jobs/"))

        async def send_with_headers(message):  # type: ignore[no-untyped-def]
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in HEADERS.items():
                    if k not in headers:
                        headers[k] = v
                if no_store and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuse a request whose body is larger than ``limit`` bytes.

    A declared ``Content-Length`` over the limit is refused before anything is read; a body
    without one (chunked) is counted as it streams and cut off with a 413 as soon as it passes
    the limit, so the multipart parser never spools more than ``limit`` bytes to disk. (FastAPI
    re-raises an HTTPException raised while it reads the body; any other error becomes a 400.)
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def message(self) -> str:
        return f"请求过大（上限 {human_size(self.limit)}）"

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    size = int(value)
                except ValueError:
                    size = -1
                if size > self.limit or size < 0:
                    await JSONResponse({"detail": self.message()}, status_code=413)(scope, receive, send)
                    return
                break
        seen = 0

        async def counting_receive():  # type: ignore[no-untyped-def]
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(status_code=413, detail=self.message())
            return message

        await self.app(scope, counting_receive, send)


def csrf_token(request: Request) -> str:
    """The token of this browser session (from its cookie), or a new one to be set."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token or len(token) < 32:
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


def set_csrf_cookie(request: Request, response: Response, settings: Settings) -> None:
    token = getattr(request.state, "new_csrf", None)
    if token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", secure=settings.secure_cookies,
                            path="/")


def verify_csrf(request: Request, submitted: str | None) -> None:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted or not hmac.compare_digest(cookie.encode(), submitted.encode()):
        raise HTTPException(status_code=403, detail="表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")


def _presented(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-api-token")


def token_ok(request: Request, settings: Settings) -> bool:
    given = _presented(request)
    return bool(settings.api_token) and given is not None and hmac.compare_digest(
        given.encode(), settings.api_token.encode())


# Declares the bearer scheme in the OpenAPI document (the docs page's 「Authorize」 button);
# the check itself is below, so that X-API-Token works too.
_bearer = HTTPBearer(auto_error=False, description="API 令牌（BUDGETLENS_API_TOKEN）")
Credentials = HTTPAuthorizationCredentials | None


def require_write(request: Request, _cred: Credentials = Depends(_bearer)) -> None:
    """Dependency of write endpoints: the admin's token, always."""
    settings: Settings = request.app.state.settings
    if not settings.api_token:
        raise HTTPException(status_code=403, detail="服务器未配置 API 令牌（BUDGETLENS_API_TOKEN），写入接口已关闭")
    if not token_ok(request, settings):
        raise HTTPException(status_code=401, detail="缺少或错误的 API 令牌",
                            headers={"WWW-Authenticate": "Bearer"})


def require_read(request: Request, _cred: Credentials = Depends(_bearer)) -> None:
    """Dependency of read endpoints: the token only when the admin asked for it."""
    settings: Settings = request.app.state.settings
    if settings.read_requires_token and not token_ok(request, settings):
        raise HTTPException(status_code=401, detail="缺少或错误的 API 令牌",
                            headers={"WWW-Authenticate": "Bearer"})
