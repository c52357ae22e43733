"""``juesuan serve [--db URL] [--host 127.0.0.1] [--port 8000]``: the web app (juesuan.serve) on uvicorn."""

from __future__ import annotations

import argparse
import socket
import sys
from typing import Any

from juesuan.cli.help_format import examples
from juesuan.cli.ingest_command import add_db_argument


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="网页版：上传报告、查看问题、多人审核、导出审核意见 (the web app)",
        description="启动网页服务，与 juesuan ingest 使用同一个数据库。浏览器打开显示的地址即可上传报告、查看审核结果。"
                    "上传、审核、删除需要登录：juesuan user add 名字 --role reviewer|admin"
                    "（第一次启动且没有任何用户时，自动建立管理员 admin 并显示其密码）。",
        epilog=examples(
            "juesuan serve                                        # http://127.0.0.1:8000，数据库 ./juesuan.db",
            "juesuan serve --db postgresql://me@db/juesuan --host 0.0.0.0 --port 8080 --files /srv/juesuan",
            "juesuan serve --private --max-upload 64 --workers 4  # 浏览也需登录；单个文件上限 64 MB",
        ),
    )
    add_db_argument(p)
    p.add_argument("--host", default="127.0.0.1", help="监听地址 (default: 127.0.0.1; 0.0.0.0 for every address)")
    p.add_argument("--port", type=int, default=8000, help="端口 (default: 8000)")
    p.add_argument("--files", metavar="DIR",
                   help="上传的文件、页面图像和生成的文件存放处"
                        "（默认在 SQLite 数据库旁；PostgreSQL 时 ./juesuan-files）")
    p.add_argument("--private", action="store_true", help="浏览也需登录 (reading needs a login too)")
    p.add_argument("--max-upload", type=int, default=32, metavar="MB", help="单个文件大小上限，MB (default: 32)")
    p.add_argument("--max-pages", type=int, default=1000, metavar="N", help="单个文件页数上限 (default: 1000)")
    p.add_argument("--workers", type=int, default=0, metavar="N",
                   help="读取上传文件的进程数，默认每核一个 (processes reading uploads; default: one per core)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="在 Dask 集群上读取上传的文件，如 tcp://HOST:8786（各 worker 须能读到 --files 目录）")
    p.add_argument("--secure-cookies", action="store_true",
                   help="只通过 HTTPS 发送登录 cookie（在 HTTPS 反向代理之后使用）")
    p.set_defaults(func=run)


def _port_free(host: str, port: int) -> str | None:
    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(info[0], socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(info[4])
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def run(args: argparse.Namespace) -> int:
    import secrets
    from pathlib import Path

    import uvicorn

    from juesuan.serve.app import create_app
    from juesuan.serve.errors import ServerUnavailable
    from juesuan.serve.settings import MiB, ServeSettings
    from juesuan.store.accounts import add_user, has_users
    from juesuan.store.database import open_store

    settings = ServeSettings(db=args.db, files=Path(args.files) if args.files else None, public=not args.private,
                             max_upload_bytes=args.max_upload * MiB, max_pages=args.max_pages, workers=args.workers,
                             dask=args.dask, secure_cookies=args.secure_cookies)
    problem = _port_free(args.host, args.port)
    if problem is not None:
        raise ServerUnavailable(f"{args.host}:{args.port}", f"端口无法使用 (cannot listen): {problem}")
    store = open_store(args.db)
    if not has_users(store):
        password = secrets.token_urlsafe(12)
        add_user(store, "admin", "admin", password)
        print(f"juesuan: 首次启动，已建立管理员 admin，密码 {password}（请登录后妥善保存；"
              "juesuan user passwd admin 可修改） (first start: admin account created)", file=sys.stderr)
    app = create_app(settings, store)
    shown = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else args.host}:{args.port}"
    print(f"juesuan: 网页服务 {shown}（数据库 {store.url.split('://')[0]}，文件 {settings.files_root()}；Ctrl-C 停止）",
          file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", proxy_headers=True)
    return 0
