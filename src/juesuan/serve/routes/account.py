"""Logging in and out, the account page and API tokens (pages and JSON API)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, Field

from juesuan.serve.auth import NeedLogin
from juesuan.serve.routes import Ctx, Editor, FormEditor, Reader
from juesuan.store.accounts import User, create_token, revoke_token, tokens, verify_login

router = APIRouter()
BAD_LOGIN = "用户名或密码不对 (wrong name or password)"
THROTTLED = "尝试次数过多，请几分钟后再试 (too many attempts: wait a few minutes)"


def _safe_next(target: str | None) -> str:
    """Only a path on this server (never //elsewhere or a URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _user_json(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "role": user.role, "role_label": user.role_label}


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, ctx: Ctx, next: str = "/") -> Response:
    probe = Response()
    token = ctx.auth.login_token(request, probe)
    page = ctx.page(request, "login.html", login_csrf=token, next=_safe_next(next), error=None)
    for key, value in probe.raw_headers:
        if key == b"set-cookie":
            page.raw_headers.append((key, value))
    return page


@router.post("/login", include_in_schema=False)
async def login_form(request: Request, ctx: Ctx, name: str = Form(""), password: str = Form(""),
                     csrf_token: str = Form(""), next: str = Form("/")) -> Response:
    ctx.auth.check_login_token(request, csrf_token)
    address = request.client.host if request.client else "-"
    error = None
    user = None
    if ctx.auth.throttled(name, address):
        error = THROTTLED
    else:
        user = await run_in_threadpool(verify_login, ctx.store, name, password)
        if user is None:
            ctx.auth.failed(name, address)
            error = BAD_LOGIN
    if user is None:
        return ctx.page(request, "login.html", status_code=401, login_csrf=csrf_token, next=_safe_next(next),
                        error=error, name=name)
    token, _ = await run_in_threadpool(ctx.auth.open_session, user)
    response = RedirectResponse(_safe_next(next), status_code=303)
    ctx.auth.set_session_cookie(response, token)
    return response


@router.post("/logout", include_in_schema=False)
def logout_form(request: Request, ctx: Ctx, user: FormEditor) -> Response:
    response = RedirectResponse("/", status_code=303)
    ctx.auth.end_session(request, response)
    return response


@router.get("/account", response_class=HTMLResponse, include_in_schema=False)
def account_page(request: Request, ctx: Ctx, access: Reader) -> Response:
    if access.user is None:
        raise NeedLogin()
    return ctx.page(request, "account.html", tokens=tokens(ctx.store, access.user.name), new_token=None)


@router.post("/account/tokens", include_in_schema=False)
def account_new_token(request: Request, ctx: Ctx, user: FormEditor, label: str = Form("")) -> Response:
    _, token = create_token(ctx.store, user.name, label)
    return ctx.page(request, "account.html", tokens=tokens(ctx.store, user.name), new_token=token)


@router.post("/account/tokens/{token_id}/revoke", include_in_schema=False)
def account_revoke_token(ctx: Ctx, user: FormEditor, token_id: int) -> Response:
    revoke_token(ctx.store, token_id, None if user.is_admin else user.name)
    return RedirectResponse("/account", status_code=303)


# ---- JSON API


class LoginBody(BaseModel):
    name: str = Field(max_length=64)
    password: str = Field(max_length=1024)


class TokenBody(BaseModel):
    label: str = Field("", max_length=200)


@router.post("/api/login", tags=["账户 account"], summary="登录：设置会话 cookie，返回用户和 CSRF 令牌")
async def api_login(request: Request, ctx: Ctx, body: LoginBody) -> Response:
    address = request.client.host if request.client else "-"
    if ctx.auth.throttled(body.name, address):
        return JSONResponse({"detail": THROTTLED}, status_code=429)
    user = await run_in_threadpool(verify_login, ctx.store, body.name, body.password)
    if user is None:
        ctx.auth.failed(body.name, address)
        return JSONResponse({"detail": BAD_LOGIN}, status_code=401)
    token, session = await run_in_threadpool(ctx.auth.open_session, user)
    response = JSONResponse({"user": _user_json(user), "csrf": session.csrf})
    ctx.auth.set_session_cookie(response, token)
    return response


@router.post("/api/logout", tags=["账户 account"], summary="退出登录（结束会话）")
def api_logout(request: Request, ctx: Ctx, user: Editor) -> Response:
    response = JSONResponse({"ok": True})
    ctx.auth.end_session(request, response)
    return response


@router.get("/api/me", tags=["账户 account"], summary="当前用户（未登录为 null）和 CSRF 令牌")
def api_me(ctx: Ctx, access: Reader) -> dict[str, Any]:
    return {"user": _user_json(access.user) if access.user else None, "csrf": access.csrf or None,
            "public": ctx.settings.public}


@router.get("/api/tokens", tags=["账户 account"], summary="我的 API 令牌（管理员：全部）")
def api_tokens(ctx: Ctx, access: Reader) -> list[dict[str, Any]]:
    if access.user is None:
        raise NeedLogin()
    found = tokens(ctx.store, None if access.user.is_admin else access.user.name)
    return [{"id": t.id, "user": t.user, "label": t.label, "prefix": t.prefix, "created_at": t.created_at.isoformat(),
             "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None, "revoked": t.revoked}
            for t in found]


@router.post("/api/tokens", tags=["账户 account"], summary="新建 API 令牌（只显示这一次）")
def api_new_token(ctx: Ctx, user: Editor, body: TokenBody) -> dict[str, Any]:
    token_id, token = create_token(ctx.store, user.name, body.label)
    return {"id": token_id, "token": token}


@router.delete("/api/tokens/{token_id}", tags=["账户 account"], summary="吊销 API 令牌")
def api_revoke_token(ctx: Ctx, user: Editor, token_id: int) -> dict[str, Any]:
    revoke_token(ctx.store, token_id, None if user.is_admin else user.name)
    return {"ok": True}

