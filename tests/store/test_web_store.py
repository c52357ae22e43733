"""The store's side of the web app, on SQLite and a real PostgreSQL: users and their passwords, sessions and
API tokens, reviews and their history, upload jobs claimed once each, deleting a report, and the
migration that adds finding fingerprints to a database made before it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

from juesuan.store import accounts, jobs
from juesuan.store import schema as s
from juesuan.store.corpus import delete_document, documents
from juesuan.store.database import Store, open_store
from juesuan.store.errors import AccountError, NotInStore
from juesuan.store.ingest import ingest
from juesuan.store.records import fingerprint
from juesuan.store.reviews import current_findings_query, history_of, review_counts, reviews_of, set_review
from juesuan.store.runners import InProcessRunner
from tests.store.conftest import report_data, write_report

PASSWORD = "long enough password"


def test_users_passwords_and_roles(store: Store) -> None:
    user = accounts.add_user(store, "张三", "reviewer", PASSWORD)
    assert user.role_label == "审核人员" and not user.is_admin
    with store.reading() as conn:
        stored = conn.execute(select(s.users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.verify_login(store, "张三", PASSWORD) == user
    assert accounts.verify_login(store, "张三", "wrong password") is None
    assert accounts.verify_login(store, "李四", PASSWORD) is None
    for bad in (("张三", "reviewer", PASSWORD), ("有 空格", "reviewer", PASSWORD), ("王五", "boss", PASSWORD),
                ("王五", "reviewer", "short")):
        with pytest.raises(AccountError):
            accounts.add_user(store, *bad)
    accounts.set_password(store, "张三", "another long password")
    assert accounts.verify_login(store, "张三", PASSWORD) is None
    accounts.remove_user(store, "张三")
    assert accounts.verify_login(store, "张三", "another long password") is None
    assert [u.name for u, _ in accounts.users(store)] == []


def test_sessions_end_on_logout_expiry_and_a_new_password(store: Store) -> None:
    user = accounts.add_user(store, "张三", "admin", PASSWORD)
    token, session = accounts.create_session(store, user)
    found = accounts.session_of(store, token)
    assert found is not None and found.user == user and found.csrf == session.csrf
    assert accounts.session_of(store, token + "x") is None
    with store.reading() as conn:  # only a digest of the token is stored
        assert conn.execute(select(s.web_sessions.c.id)).scalar_one() != token
    accounts.end_session(store, token)
    assert accounts.session_of(store, token) is None
    token, _ = accounts.create_session(store, user)
    with store.writing() as conn:
        conn.execute(update(s.web_sessions).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert accounts.session_of(store, token) is None
    token, _ = accounts.create_session(store, user)
    accounts.set_password(store, "张三", "a brand new password")
    assert accounts.session_of(store, token) is None


def test_api_tokens_until_revoked(store: Store) -> None:
    accounts.add_user(store, "张三", "reviewer", PASSWORD)
    token_id, token = accounts.create_token(store, "张三", "批量上传")
    assert token.startswith("jsk_") and accounts.token_user(store, token) is not None
    listed = accounts.tokens(store, "张三")
    assert [(t.id, t.label, t.revoked) for t in listed] == [(token_id, "批量上传", False)]
    assert token[:12] == listed[0].prefix and listed[0].last_used_at is not None
    accounts.revoke_token(store, token_id)
    assert accounts.token_user(store, token) is None
    with pytest.raises(AccountError):
        accounts.revoke_token(store, token_id)


def test_the_server_secret_is_made_once(store: Store) -> None:
    first = accounts.server_secret(store)
    assert len(first) >= 40 and accounts.server_secret(store) == first


def _stored_report(store: Store, tmp_path: Path, name: str = "r.json", **narrative: object) -> int:
    write_report(tmp_path / name, report_data(**narrative))  # type: ignore[arg-type]
    ingest(store, [tmp_path / name], InProcessRunner())
    with store.reading() as conn:
        return int(conn.execute(select(func.max(s.documents.c.id))).scalar_one())


def test_reviews_history_and_a_reports_status(store: Store, tmp_path: Path) -> None:
    user = accounts.add_user(store, "张三", "reviewer", PASSWORD)
    doc = _stored_report(store, tmp_path, total="999.00")  # the 情况说明's total disagrees with the tables
    with store.reading() as conn:
        rows = conn.execute(current_findings_query([doc])).all()
    needing = [r for r in rows if r.severity in ("error", "warning")]
    assert needing and all(r.fingerprint for r in rows)
    assert review_counts(store, [doc])[doc].status == "open"
    first = needing[0]
    review = set_review(store, doc, first.fingerprint, "false_alarm", "  表述不同 ", user)
    assert review is not None and review.label == "误报" and review.comment == "表述不同"
    set_review(store, doc, first.fingerprint, "confirmed", "须更正", user)
    counts = review_counts(store, [doc])[doc]
    assert (counts.confirmed, counts.false_alarm, counts.open) == (1, 0, len(needing) - 1)
    assert counts.status == ("done" if len(needing) == 1 else "partial")
    assert reviews_of(store, doc)[first.fingerprint].status == "confirmed"
    set_review(store, doc, first.fingerprint, None, "", user)
    assert first.fingerprint not in reviews_of(store, doc)
    assert [h.label for h in history_of(store, doc)[first.fingerprint]] == ["误报", "确认", "撤销"]
    with pytest.raises(NotInStore):
        set_review(store, doc, "0" * 32, "fixed", "", user)


def test_fingerprints_match_the_baseline_key(tmp_path: Path) -> None:
    """A review is kept by what a baseline recognises a finding by: rule, place and values, hashed."""
    import hashlib

    import juesuan
    from juesuan.check.baseline import finding_key
    from juesuan.store.records import FindingRow

    write_report(tmp_path / "r.json", report_data(total="999.00"))
    found = juesuan.check(juesuan.read(tmp_path / "r.json"))
    assert found
    for f in found:
        row = FindingRow.of(f)
        assert row.fingerprint == hashlib.sha256(finding_key(f).encode()).hexdigest()[:32]


def test_jobs_are_claimed_once_and_the_same_bytes_read_once(store: Store) -> None:
    for i in range(6):
        jobs.create_job(store, "report", f"f{i}.pdf", f"{i:064x}", 10, f"/x/{i}.pdf", None)
    jobs.create_job(store, "report", "again.pdf", f"{0:064x}", 10, "/x/0.pdf", None)  # the same bytes
    claimed: list[int] = []
    lock = threading.Lock()

    def claimer() -> None:
        for _ in range(4):
            got = jobs.claim_jobs(store, 1)
            with lock:
                claimed.extend(j.id for j in got)

    threads = [threading.Thread(target=claimer) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(claimed) == list(range(1, 7))  # each once; the copy waits for the first of its bytes
    assert jobs.get_job(store, 7).status == "queued"
    assert jobs.requeue_interrupted(store) == 6 and jobs.get_job(store, 1).status == "queued"
    assert jobs.queue_position(store, jobs.get_job(store, 7)) == 6


def test_a_job_for_stored_bytes_is_done_at_once(store: Store, tmp_path: Path) -> None:
    doc = _stored_report(store, tmp_path)
    with store.reading() as conn:
        digest = conn.execute(select(s.documents.c.content_hash).where(s.documents.c.id == doc)).scalar_one()
    job = jobs.create_job(store, "report", "copy.json", digest, 10, "/x/copy.json", None)
    assert (job.status, job.stage, job.document_id) == ("done", "duplicate", doc)


def test_deleting_a_version_makes_the_previous_one_latest(store: Store, tmp_path: Path) -> None:
    user = accounts.add_user(store, "张三", "reviewer", PASSWORD)
    first = _stored_report(store, tmp_path, "v1.json")
    second = _stored_report(store, tmp_path, "v2.json", total="999.00")
    with store.reading() as conn:
        fp = conn.execute(current_findings_query([second])).first().fingerprint  # type: ignore[union-attr]
    set_review(store, second, fp, "confirmed", "", user)
    assert delete_document(store, second).endswith("v2.json")
    rows, _ = documents(store)
    assert [(r.id, r.is_latest) for r in rows] == [(first, True)]
    with store.reading() as conn:
        for table in ("reviews", "review_history"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM readings")).scalar_one() == 1
    with pytest.raises(NotInStore):
        delete_document(store, second)


def test_the_migration_fingerprints_findings_stored_before_it(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from juesuan.store.database import Store as Opened
    from juesuan.store.database import make_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = Opened(url, make_engine(url))
    config = Config()
    config.set_main_option("script_location", str(Path(s.__file__).with_name("migrations")))
    with old.writing() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    now = datetime.now(UTC)
    with old.writing() as conn:
        conn.execute(text("INSERT INTO documents (id, content_hash, file_name, path, size, status, is_latest, "
                          "ingested_at, updated_at) VALUES (1, 'h', 'f', 'p', 1, 'ok', 1, :t, :t)"), {"t": now})
        conn.execute(text("INSERT INTO readings (id, document_id, reader_version, status, is_current, created_at) "
                          "VALUES (1, 1, 'v', 'ok', 1, :t)"), {"t": now})
        conn.execute(text("INSERT INTO checks (id, reading_id, checker_version, is_current, errors, warnings, infos, "
                          "created_at) VALUES (1, 1, 'v', 1, 1, 0, 0, :t)"), {"t": now})
        conn.execute(text("INSERT INTO findings (check_id, rule, severity, message, table_key, row_code, "
                          "column_label, printed, expected) VALUES (1, 'A201', 'error', 'm', 'income', '201', "
                          "'合计', '1.00', '2.00')"))
    old.dispose()
    store = open_store(str(tmp_path / "old.db"))
    with store.reading() as conn:
        stored = conn.execute(select(s.findings.c.fingerprint)).scalar_one()
    assert stored == fingerprint("A201", "income", "201", None, "合计", None, None, "1.00", "2.00")
    store.dispose()
