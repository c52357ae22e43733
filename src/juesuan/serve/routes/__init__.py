"""The routes, one module per part of the app; each holds the pages and the JSON API of its part.

- ``account``: logging in and out, the account page, API tokens.
- ``uploads``: the home page (upload), upload requests, the jobs and their progress.
- ``reports``: a report's page, its tables beside its pages, page images, downloads, deleting.
- ``reviews``: verdicts on findings, their history, the 审核意见 workbooks.
- ``corpus``: regions, departments, years, search; a department's page with its charts; findings across reports.
- ``compose``: a filled workbook checked, and the report composed from it.
- ``docs``: the OpenAPI docs page, served from the package (no CDN).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from juesuan.serve.auth import Access
from juesuan.serve.context import ServeContext
from juesuan.store.accounts import User


def ctx_of(request: Request) -> ServeContext:
    ctx: ServeContext = request.app.state.ctx
    return ctx


def _reader(request: Request) -> Access:
    return ctx_of(request).auth.reader(request)


def _editor(request: Request) -> User:
    return ctx_of(request).auth.editor(request)


async def _form_editor(request: Request) -> User:
    """A logged-in user sending a plain form (the CSRF token as a form field)."""
    form = await request.form()
    token = form.get("csrf_token")
    return ctx_of(request).auth.editor(request, token if isinstance(token, str) else None)


async def _form_admin(request: Request) -> User:
    form = await request.form()
    token = form.get("csrf_token")
    return ctx_of(request).auth.admin(request, token if isinstance(token, str) else None)


def _admin(request: Request) -> User:
    return ctx_of(request).auth.admin(request)


def _year(year: Annotated[str | None, Query(max_length=4, pattern=r"^(\d{4})?$",
                                           description="年度，如 2024；空：不限")] = None) -> int | None:
    """A year asked for in a query; a form's 全部 sends it empty, which means any year."""
    return int(year) if year else None


Ctx = Annotated[ServeContext, Depends(ctx_of)]
Year = Annotated[int | None, Depends(_year)]
Reader = Annotated[Access, Depends(_reader)]
Editor = Annotated[User, Depends(_editor)]
FormEditor = Annotated[User, Depends(_form_editor)]
Admin = Annotated[User, Depends(_admin)]
FormAdmin = Annotated[User, Depends(_form_admin)]
