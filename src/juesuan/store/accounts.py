"""People who may change the store through the web app: users (argon2 password hashes), their sessions and
their API tokens.  Reading needs none of this (unless the server is private); uploading, reviewing and
deleting do.

- A password is kept as an argon2id hash (argon2-cffi's defaults); a login with an unknown name still
  spends the time of one verification, so that names cannot be found by timing.
- A session is a random token: the browser holds it inside a signed cookie (juesuan.serve.auth), the
  database only its SHA-256, with its CSRF token and expiry; logging out deletes it, and so does a new
  password (every session of the user ends).
- An API token is shown once; the database keeps its SHA-256 and first characters; it works until revoked.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, insert, select, update

from juesuan.store import schema as s
from juesuan.store.database import Store
from juesuan.store.errors import AccountError

ROLES: dict[str, str] = {"reviewer": "审核人员", "admin": "管理员"}
MIN_PASSWORD = 8
MAX_NAME = 64
SESSION_DAYS = 14
TOKEN_PREFIX = "jsk_"

_hasher = PasswordHasher()
# verified against when the name is unknown, so that a failed login takes as long either way
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


@dataclass(frozen=True)
class Session:
    user: User
    csrf: str
    expires_at: datetime


@dataclass(frozen=True)
class TokenInfo:
    id: int
    user: str
    label: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


def _now() -> datetime:
    return datetime.now(UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _aware(when: datetime) -> datetime:
    """SQLite gives back naive datetimes (stored as UTC)."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(c.isspace() or not c.isprintable() for c in name):
        raise AccountError(name or None,
                           f"用户名须为 1-{MAX_NAME} 个字符，不含空格 (a name of 1-{MAX_NAME} characters, no spaces)")
    return name


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(None, f"密码至少 {MIN_PASSWORD} 个字符 (a password of at least {MIN_PASSWORD} characters)")


def _user(row: object) -> User:
    return User(int(row.id), str(row.name), str(row.role))  # type: ignore[attr-defined]


def add_user(store: Store, name: str, role: str, password: str) -> User:
    name = _check_name(name)
    if role not in ROLES:
        raise AccountError(name, f"角色须为 {' 或 '.join(ROLES)} (role must be reviewer or admin)")
    _check_password(password)
    hashed = _hasher.hash(password)
    with store.writing() as conn:
        if conn.execute(select(s.users.c.id).where(s.users.c.name == name)).first() is not None:
            raise AccountError(name, "用户已存在 (the user exists already)")
        user_id = conn.execute(insert(s.users).returning(s.users.c.id), {
            "name": name, "role": role, "password_hash": hashed, "disabled": False,
            "created_at": _now()}).scalar_one()
    return User(int(user_id), name, role)


def find_user(conn: Connection, name: str) -> User:
    row = conn.execute(select(s.users).where(s.users.c.name == name.strip())).first()
    if row is None or row.disabled:
        raise AccountError(name, "没有这个用户 (no such user)")
    return _user(row)


def users(store: Store) -> list[tuple[User, datetime]]:
    with store.reading() as conn:
        rows = conn.execute(select(s.users).where(~s.users.c.disabled).order_by(s.users.c.name)).all()
    return [(_user(r), _aware(r.created_at)) for r in rows]


def has_users(store: Store) -> bool:
    with store.reading() as conn:
        return conn.execute(select(s.users.c.id).limit(1)).first() is not None


def set_password(store: Store, name: str, password: str) -> None:
    """A new password; every session of the user ends."""
    _check_password(password)
    hashed = _hasher.hash(password)
    with store.writing() as conn:
        user = find_user(conn, name)
        conn.execute(update(s.users).where(s.users.c.id == user.id).values(password_hash=hashed))
        conn.execute(delete(s.web_sessions).where(s.web_sessions.c.user_id == user.id))


def remove_user(store: Store, name: str) -> None:
    """The user can no longer log in (their sessions end, their tokens are revoked); their reviews stay, named."""
    with store.writing() as conn:
        user = find_user(conn, name)
        conn.execute(update(s.users).where(s.users.c.id == user.id).values(disabled=True))
        conn.execute(delete(s.web_sessions).where(s.web_sessions.c.user_id == user.id))
        conn.execute(update(s.api_tokens).where(s.api_tokens.c.user_id == user.id, s.api_tokens.c.revoked_at.is_(None))
                     .values(revoked_at=_now()))


def verify_login(store: Store, name: str, password: str) -> User | None:
    """The user, when the name and password match an active account; None otherwise."""
    with store.reading() as conn:
        row = conn.execute(select(s.users).where(s.users.c.name == name.strip())).first()
    if row is None or row.disabled:
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        with store.writing() as conn:
            conn.execute(update(s.users).where(s.users.c.id == row.id).values(password_hash=_hasher.hash(password)))
    return _user(row)


# ---- sessions


def create_session(store: Store, user: User, days: int = SESSION_DAYS) -> tuple[str, Session]:
    """A new session: its token (for the signed cookie) and what it holds."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = _now()
    expires = now + timedelta(days=days)
    with store.writing() as conn:
        conn.execute(delete(s.web_sessions).where(s.web_sessions.c.expires_at < now))  # tidy up the expired
        conn.execute(insert(s.web_sessions), {"id": _digest(token), "user_id": user.id, "csrf": csrf,
                                              "created_at": now, "expires_at": expires})
    return token, Session(user, csrf, expires)


def session_of(store: Store, token: str) -> Session | None:
    ws, u = s.web_sessions, s.users
    with store.reading() as conn:
        row = conn.execute(select(ws.c.csrf, ws.c.expires_at, u.c.id, u.c.name, u.c.role, u.c.disabled)
                           .join(u, u.c.id == ws.c.user_id).where(ws.c.id == _digest(token))).first()
    if row is None or row.disabled or _aware(row.expires_at) < _now():
        return None
    return Session(User(int(row.id), str(row.name), str(row.role)), str(row.csrf), _aware(row.expires_at))


def end_session(store: Store, token: str) -> None:
    with store.writing() as conn:
        conn.execute(delete(s.web_sessions).where(s.web_sessions.c.id == _digest(token)))


# ---- API tokens


def create_token(store: Store, name: str, label: str = "") -> tuple[int, str]:
    """A new API token of the user ``name``: its id and the token itself (shown once, never stored)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.writing() as conn:
        user = find_user(conn, name)
        token_id = conn.execute(insert(s.api_tokens).returning(s.api_tokens.c.id), {
            "user_id": user.id, "label": label.strip()[:200], "token_hash": _digest(token),
            "prefix": token[:12], "created_at": _now()}).scalar_one()
    return int(token_id), token


def token_user(store: Store, token: str) -> User | None:
    t, u = s.api_tokens, s.users
    with store.reading() as conn:
        row = conn.execute(select(t.c.id.label("token_id"), t.c.last_used_at, u.c.id, u.c.name, u.c.role, u.c.disabled)
                           .join(u, u.c.id == t.c.user_id)
                           .where(t.c.token_hash == _digest(token), t.c.revoked_at.is_(None))).first()
    if row is None or row.disabled:
        return None
    now = _now()
    if row.last_used_at is None or now - _aware(row.last_used_at) > timedelta(minutes=5):  # not a write per request
        with store.writing() as conn:
            conn.execute(update(s.api_tokens).where(s.api_tokens.c.id == row.token_id).values(last_used_at=now))
    return User(int(row.id), str(row.name), str(row.role))


def tokens(store: Store, name: str | None = None) -> list[TokenInfo]:
    t, u = s.api_tokens, s.users
    query = select(t, u.c.name).join(u, u.c.id == t.c.user_id).order_by(t.c.id)
    with store.reading() as conn:
        if name is not None:
            query = query.where(t.c.user_id == find_user(conn, name).id)
        rows = conn.execute(query).all()
    return [TokenInfo(int(r.id), str(r.name), str(r.label), str(r.prefix), _aware(r.created_at),
                      _aware(r.last_used_at) if r.last_used_at else None, r.revoked_at is not None) for r in rows]


def revoke_token(store: Store, token_id: int, name: str | None = None) -> None:
    """Revoke a token (only one of ``name``'s, when given)."""
    t = s.api_tokens
    with store.writing() as conn:
        where = [t.c.id == token_id, t.c.revoked_at.is_(None)]
        if name is not None:
            where.append(t.c.user_id == find_user(conn, name).id)
        if conn.execute(update(t).where(*where).values(revoked_at=_now())).rowcount == 0:
            raise AccountError(str(token_id), "没有这个有效的令牌 (no such active token)")


# ---- the server's secret (signs session cookies); one per database, so that every server process shares it


def server_secret(store: Store) -> str:
    with store.reading() as conn:
        value = conn.execute(select(s.web_secrets.c.value).where(s.web_secrets.c.name == "session")).scalar()
    if value is not None:
        return str(value)
    with store.writing() as conn:  # under the write lock: two servers starting at once agree on one secret
        value = conn.execute(select(s.web_secrets.c.value).where(s.web_secrets.c.name == "session")).scalar()
        if value is None:
            value = secrets.token_urlsafe(48)
            conn.execute(insert(s.web_secrets), {"name": "session", "value": value})
    return str(value)
