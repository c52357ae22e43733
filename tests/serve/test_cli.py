"""``juesuan user`` and ``juesuan serve``'s own errors (the server itself is run by the browser tests)."""

from __future__ import annotations

import io
import socket
import sys
from pathlib import Path

import pytest

from juesuan.cli import main
from juesuan.store.accounts import tokens, verify_login
from juesuan.store.database import open_store


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_user_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "j.db")
    _stdin(monkeypatch, "a long password\n")
    assert main(["user", "--db", db, "add", "张三", "--role", "admin", "--password-stdin"]) == 0
    assert "已建立 张三（管理员）" in capsys.readouterr().out
    _stdin(monkeypatch, "a long password\n")
    assert main(["user", "--db", db, "add", "张三", "--password-stdin"]) == 24
    assert "用户已存在" in capsys.readouterr().err
    _stdin(monkeypatch, "short\n")
    assert main(["user", "--db", db, "add", "李四", "--password-stdin"]) == 24
    assert "密码至少 8 个字符" in capsys.readouterr().err
    assert main(["user", "--db", db, "list"]) == 0
    assert capsys.readouterr().out.startswith("张三\t管理员\t")
    assert main(["user", "--db", db, "token", "张三", "--label", "批量"]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("jsk_")
    store = open_store(db)
    assert [t.label for t in tokens(store)] == ["批量"]
    assert main(["user", "--db", db, "revoke", str(tokens(store)[0].id)]) == 0
    assert tokens(store)[0].revoked
    _stdin(monkeypatch, "a newer password\n")
    assert main(["user", "--db", db, "passwd", "张三", "--password-stdin"]) == 0
    assert verify_login(store, "张三", "a newer password") is not None
    assert main(["user", "--db", db, "remove", "张三"]) == 0
    assert verify_login(store, "张三", "a newer password") is None
    _stdin(monkeypatch, "a long password\n")
    assert main(["user", "--db", db, "passwd", "无此人", "--password-stdin"]) == 24
    assert "没有这个用户" in capsys.readouterr().err
    store.dispose()


def test_serve_on_a_busy_port_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["serve", "--db", str(tmp_path / "j.db"), "--port", str(port)]) == 25
    err = capsys.readouterr().err
    assert err.startswith(f"juesuan: 127.0.0.1:{port}: 无法启动服务") and err.count("\n") == 1
