"""``juesuan user add|list|passwd|remove|token|tokens|revoke``: the people who may upload, review and delete
in the web app (juesuan serve), and their API tokens."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from juesuan.cli.help_format import examples
from juesuan.cli.ingest_command import add_db_argument


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "user",
        help="网页版的用户和 API 令牌 (users and API tokens of the web app)",
        description="管理网页版（juesuan serve）的用户：审核人员（reviewer）可以上传和审核，"
                    "管理员（admin）还可以删除报告。密码以 argon2 哈希保存；API 令牌只显示一次，可随时吊销。",
        epilog=examples(
            "juesuan user add 张三 --role reviewer        # 提示输入两次密码",
            "echo '密码' | juesuan user add 李四 --role admin --password-stdin",
            "juesuan user list",
            "juesuan user passwd 张三                     # 改密码，张三的所有登录随之失效",
            "juesuan user token 张三 --label 批量上传      # 生成 API 令牌（只显示这一次）",
            "juesuan user revoke 3                        # 吊销 3 号令牌",
        ),
    )
    add_db_argument(p)
    actions = p.add_subparsers(title="操作 (actions)", dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="新建用户 (add a user)")
    add.add_argument("name", help="用户名")
    add.add_argument("--role", choices=("reviewer", "admin"), default="reviewer",
                     help="reviewer 审核人员（上传、审核）或 admin 管理员（另可删除）")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读密码 (read the password from stdin)")
    actions.add_parser("list", help="列出用户 (list users)")
    pw = actions.add_parser("passwd", help="修改密码 (set a new password)")
    pw.add_argument("name")
    pw.add_argument("--password-stdin", action="store_true", help="从标准输入读密码")
    rm = actions.add_parser("remove", help="停用用户：不能再登录，令牌吊销，审核记录保留 (disable a user)")
    rm.add_argument("name")
    tk = actions.add_parser("token", help="为用户生成 API 令牌 (new API token)")
    tk.add_argument("name")
    tk.add_argument("--label", default="", help="用途说明")
    tks = actions.add_parser("tokens", help="列出令牌 (list tokens)")
    tks.add_argument("name", nargs="?")
    rv = actions.add_parser("revoke", help="吊销令牌 (revoke a token)")
    rv.add_argument("id", type=int)
    p.set_defaults(func=run)


def _password(args: argparse.Namespace) -> str:
    from juesuan.store.errors import AccountError

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("密码 (password): ")
    if getpass.getpass("再输一次 (again): ") != first:
        raise AccountError(args.name, "两次输入的密码不一样 (the passwords differ)")
    return first


def run(args: argparse.Namespace) -> int:
    from juesuan.store import accounts
    from juesuan.store.database import open_store

    store = open_store(args.db)
    try:
        if args.action == "add":
            user = accounts.add_user(store, args.name, args.role, _password(args))
            print(f"已建立 {user.name}（{user.role_label}）")
        elif args.action == "list":
            for user, created in accounts.users(store):
                print(f"{user.name}\t{user.role_label}\t{created.strftime('%Y-%m-%d')}")
        elif args.action == "passwd":
            accounts.set_password(store, args.name, _password(args))
            print(f"已修改 {args.name} 的密码，其登录已全部失效")
        elif args.action == "remove":
            accounts.remove_user(store, args.name)
            print(f"已停用 {args.name}")
        elif args.action == "token":
            token_id, token = accounts.create_token(store, args.name, args.label)
            print(token)
            print(f"令牌 {token_id}（只显示这一次；请求头 Authorization: Bearer 令牌）", file=sys.stderr)
        elif args.action == "tokens":
            for t in accounts.tokens(store, args.name):
                state = "已吊销" if t.revoked else "有效"
                used = t.last_used_at.strftime("%Y-%m-%d %H:%M") if t.last_used_at else "从未使用"
                print(f"{t.id}\t{t.user}\t{t.prefix}…\t{state}\t{used}\t{t.label}")
        elif args.action == "revoke":
            accounts.revoke_token(store, args.id)
            print(f"已吊销令牌 {args.id}")
    finally:
        store.dispose()
    return 0
