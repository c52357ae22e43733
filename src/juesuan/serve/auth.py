"""Who is asking: a session (a signed cookie holding a random session token, itsdangerous) or an API token
(``Authorization: Bearer jsk_…``), else nobody.

Requests that change something (POST, PUT, PATCH, DELETE) through a session must carry the session's
CSRF token, in the ``X-CSRF-Token`` header (the pages' scripts) or a ``csrf_token`` form field (plain
forms); a request with an API token needs none, since no browser sends that header by itself.  The login
form has its own CSRF token (a signed cookie and the same value in the form).  Cookies are HttpOnly and
SameSite=Lax, and Secure when the server is told it is behind HTTPS.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from juesuan.serve.settings import ServeSettings
from juesuan.store.accounts import Session, User, create_session, end_session, session_of, token_user
from juesuan.store.database import Store

SESSION_COOKIE = "juesuan_session"
LOGIN_COOKIE = "juesuan_login"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# failed logins allowed per name (and per client address) in a window, before a wait
LOGIN_TRIES = 10
LOGIN_WINDOW = 300.0


class NeedLogin(Exception):
    """The request needs a logged-in user (401; pages redirect to the login page)."""


class Forbidden(Exception):
    """A logged-in user without the right (403), or a missing or wrong CSRF token."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Access:
    user: User | None = None
    session: Session | None = None
    via: str | None = None  # session | token

    @property
    def csrf(self) -> str:
        return self.session.csrf if self.session is not None else ""


class Auth:
    def __init__(self, store: Store, secret: str, settings: ServeSettings) -> None:
        self.store, self.settings = store, settings
        self._sessions = URLSafeTimedSerializer(secret, salt="juesuan-session")
        self._login = URLSafeTimedSerializer(secret, salt="juesuan-login")
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    # ---- who

    def access(self, request: Request) -> Access:
        cached = getattr(request.state, "access", None)
        if isinstance(cached, Access):
            return cached
        found = self._resolve(request)
        request.state.access = found
        return found

    def _resolve(self, request: Request) -> Access:
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            user = token_user(self.store, header[7:].strip())
            if user is None:
                raise NeedLogin()  # a wrong token is refused outright rather than taken as nobody
            return Access(user, None, "token")
        token = self._session_token(request)
        if token is not None:
            session = session_of(self.store, token)
            if session is not None:
                return Access(session.user, session, "session")
        return Access()

    def _session_token(self, request: Request) -> str | None:
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie:
            return None
        try:
            return str(self._sessions.loads(cookie, max_age=self.settings.session_days * 86400))
        except BadSignature:
            return None

    # ---- what they may do

    def reader(self, request: Request) -> Access:
        access = self.access(request)
        if access.user is None and not self.settings.public:
            raise NeedLogin()
        return access

    def editor(self, request: Request, form_token: str | None = None) -> User:
        """A logged-in user; for a session, the request's CSRF token must match (unsafe methods)."""
        access = self.access(request)
        if access.user is None:
            raise NeedLogin()
        if access.via == "session" and request.method in UNSAFE:
            given = request.headers.get(CSRF_HEADER) or form_token or ""
            if not hmac.compare_digest(given.encode(), access.csrf.encode()):
                raise Forbidden("页面已过期或来源不明，请刷新页面后重试 (missing or wrong CSRF token)")
        return access.user

    def admin(self, request: Request, form_token: str | None = None) -> User:
        user = self.editor(request, form_token)
        if not user.is_admin:
            raise Forbidden("需要管理员权限 (admin only)")
        return user

    # ---- logging in and out

    def login_token(self, request: Request, response: Response) -> str:
        """The login form's CSRF token (set as a signed cookie too, when new)."""
        raw = request.cookies.get(LOGIN_COOKIE)
        if raw:
            try:
                return str(self._login.loads(raw, max_age=86400))
            except BadSignature:
                pass
        token = secrets.token_urlsafe(24)
        response.set_cookie(LOGIN_COOKIE, self._login.dumps(token), max_age=86400, httponly=True, samesite="lax",
                            secure=self.settings.secure_cookies)
        return token

    def check_login_token(self, request: Request, given: str) -> None:
        raw = request.cookies.get(LOGIN_COOKIE, "")
        try:
            expected = str(self._login.loads(raw, max_age=86400))
        except BadSignature:
            expected = ""
        if not expected or not hmac.compare_digest(expected.encode(), given.encode()):
            raise Forbidden("登录页面已过期，请刷新后重试 (missing or wrong CSRF token)")

    def throttled(self, name: str, address: str) -> bool:
        now = time.monotonic()
        with self._lock:
            for key in (f"n:{name}", f"a:{address}"):
                tries = self._failures.get(key)
                if tries is None:
                    continue
                while tries and now - tries[0] > LOGIN_WINDOW:
                    tries.popleft()
                if len(tries) >= LOGIN_TRIES:
                    return True
        return False

    def failed(self, name: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in (f"n:{name}", f"a:{address}"):
                self._failures.setdefault(key, deque()).append(now)
            if len(self._failures) > 10000:
                self._failures.clear()

    def open_session(self, user: User) -> tuple[str, Session]:
        return create_session(self.store, user, self.settings.session_days)

    def set_session_cookie(self, response: Response, token: str) -> None:
        response.set_cookie(SESSION_COOKIE, self._sessions.dumps(token), max_age=self.settings.session_days * 86400,
                            httponly=True, samesite="lax", secure=self.settings.secure_cookies)
        response.delete_cookie(LOGIN_COOKIE)

    def end_session(self, request: Request, response: Response) -> None:
        token = self._session_token(request)
        if token is not None:
            end_session(self.store, token)
        response.delete_cookie(SESSION_COOKIE)
