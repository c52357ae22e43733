"""The API's documentation at /docs: FastAPI's Swagger UI page with its script and style served from an
installed package (fastapi-offline ships Swagger UI 5, which reads OpenAPI 3.1), never from a CDN, so the
page works on a machine without internet."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from juesuan.store.errors import NotInStore

router = APIRouter()
ASSETS = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css", "favicon.png": "image/png"}
STATIC = Path(fastapi_offline.__file__).with_name("static")


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/openapi.json", title="juesuan API 文档",
                               swagger_js_url="/docs/assets/swagger-ui-bundle.js",
                               swagger_css_url="/docs/assets/swagger-ui.css",
                               swagger_favicon_url="/docs/assets/favicon.png")


@router.get("/docs/assets/{name}", include_in_schema=False)
def docs_asset(name: str) -> FileResponse:
    if name not in ASSETS:
        raise NotInStore(name, "没有这个文件 (not found)")
    return FileResponse(STATIC / name, media_type=ASSETS[name],
                        headers={"Cache-Control": "public, max-age=86400"})
