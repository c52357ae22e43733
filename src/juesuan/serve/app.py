"""The FastAPI application: pages (Jinja2, autoescaped) and the JSON API over the same library calls.

``create_app(settings)`` builds it; its lifespan opens the store, starts the worker processes and the
upload queue, and stops them.  Errors become a readable page (or ``{"detail": "…"}`` under /api/): a
file that cannot be read is a user error with its one-line reason, never a traceback, and an unexpected
failure in one request is logged and answered 500 without touching the others.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from juesuan import __version__
from juesuan.errors import JuesuanError
from juesuan.serve.auth import Forbidden, NeedLogin
from juesuan.serve.context import ServeContext
from juesuan.serve.errors import UploadRefused
from juesuan.serve.settings import ServeSettings
from juesuan.serve.workers import TaskFailed
from juesuan.store.database import Store
from juesuan.store.errors import AccountError, NotInStore

log = logging.getLogger("juesuan.serve")
STATIC = Path(__file__).with_name("static")
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
# Swagger UI starts itself with an inline script and styles
DOCS_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'")
# downloaded HTML check reports carry their own style and script; shown as a document of their own
REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def create_app(settings: ServeSettings, store: Store | None = None) -> FastAPI:
    ctx = ServeContext(settings, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ctx.start()
        try:
            yield
        finally:
            ctx.close()

    app = FastAPI(title="juesuan 部门决算审核", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="上传部门决算报告，查看审核结果，逐条审核并导出审核意见。页面所做的一切都可以通过这些接口完成。"
                              "登录后的页面请求需带 X-CSRF-Token；脚本可使用 API 令牌：`Authorization: Bearer jsk_…`"
                              "（`juesuan user token NAME` 或“账户”页面生成）。")
    app.state.ctx = ctx

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        path = request.url.path
        if "content-security-policy" not in response.headers:
            response.headers["Content-Security-Policy"] = DOCS_CSP if path.startswith("/docs") else CSP
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    def problem(request: Request, status: int, message: str) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=status)
        return ctx.page(request, "error.html", status_code=status, message=message, status=status)

    @app.exception_handler(NeedLogin)
    async def need_login(request: Request, exc: NeedLogin) -> Response:
        if _is_api(request) or request.method != "GET":
            return problem(request, 401, "请先登录 (login required)")
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return problem(request, 403, exc.message)

    @app.exception_handler(JuesuanError)
    async def user_error(request: Request, exc: JuesuanError) -> Response:
        status = 404 if isinstance(exc, NotInStore) else 413 if isinstance(exc, UploadRefused) and "过大" in \
            exc.message else 400 if isinstance(exc, UploadRefused | AccountError) else 422
        return problem(request, status, exc.message)

    @app.exception_handler(TaskFailed)
    async def task_failed(request: Request, exc: TaskFailed) -> Response:
        return problem(request, 422 if exc.error is not None else 503, exc.reason)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: "页面不存在 (not found)", 405: "不支持的请求方法 (method not allowed)"}.get(
            exc.status_code, str(exc.detail))
        if exc.status_code not in (404, 405) and isinstance(exc.detail, str):
            message = exc.detail
        return problem(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        where = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}" for e in exc.errors())
        return problem(request, 422, f"请求参数有误 (invalid request): {where}"[:500])

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("request %s %s", request.method, request.url.path)
        return problem(request, 500, f"内部错误 (internal error): {type(exc).__name__}；请报告此问题")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    from juesuan.serve.routes import account, compose, corpus, docs, reports, reviews, uploads

    for module in (account, uploads, reports, reviews, corpus, compose, docs):
        app.include_router(module.router)
    return app
