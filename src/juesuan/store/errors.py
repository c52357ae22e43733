"""The store's user errors, each with its one-line reason and its own exit code (see the README)."""

from __future__ import annotations

from juesuan.errors import JuesuanError


class DatabaseUnavailable(JuesuanError):
    exit_code = 20
    reason = "无法打开数据库 (cannot open the database)"


class BadQuery(JuesuanError):
    exit_code = 21
    reason = "SQL 查询出错 (the query failed)"


class NotInStore(JuesuanError):
    exit_code = 22
    reason = "数据库中没有找到 (not found in the database)"


class ClusterUnavailable(JuesuanError):
    exit_code = 23
    reason = "无法连接 Dask 集群 (cannot reach the Dask scheduler)"


class AccountError(JuesuanError):
    exit_code = 24
    reason = "用户设置有误 (bad user or token)"
