"""The web app's own errors: a server that cannot start, an upload beyond its limits."""

from __future__ import annotations

from juesuan.errors import JuesuanError


class ServerUnavailable(JuesuanError):
    exit_code = 25
    reason = "无法启动服务 (cannot start the server)"


class UploadRefused(JuesuanError):
    """An upload beyond a limit (size, pages, number of files) or of a kind the server does not take."""

    exit_code = 16
    reason = "上传被拒绝 (upload refused)"
