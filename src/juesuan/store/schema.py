"""The database tables (SQLAlchemy Core): documents, their readings, amounts, facts, problems, checks, findings.

One row of ``documents`` per distinct file content (sha256): the same bytes are stored once, whatever
their path.  A document is read into ``readings`` (one per reader version, the newest ``is_current``), and
each reading is checked into ``checks`` (one per checker version, plus one per previous-year report it was
compared with); older readings and checks are kept as history.  Reports of the same department and year
are numbered by ``version`` in the order they arrived; ``is_latest`` marks the newest.

Amounts are ``Numeric`` (exact in PostgreSQL; SQLite keeps them as numbers for ad-hoc SQL) with the printed
text beside them in ``printed``, which is what every juesuan computation uses.  The Alembic migrations in
``juesuan/store/migrations`` create exactly these tables (a test compares them).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

AMOUNT = Numeric(24, 4)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("file_name", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("format", String(16)),
    Column("status", String(16), nullable=False),  # ok | failed
    Column("error", Text),
    Column("exit_code", Integer),
    Column("department", Text),
    Column("department_key", Text),  # the name without spaces, for matching years
    Column("region", Text),
    Column("year", Integer),
    Column("kind", String(16)),
    Column("pages", Integer),
    Column("version", Integer),
    Column("is_latest", Boolean, nullable=False, default=False),
    Column("reader_version", String(64)),
    Column("checker_version", String(64)),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_documents_department_year", "department_key", "year"),
    Index("ix_documents_region_year", "region", "year"),
)

files = Table(
    "files", metadata,
    Column("path", Text, primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("mtime_ns", BigInteger, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

readings = Table(
    "readings", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("reader_version", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("error", Text),
    Column("exit_code", Integer),
    Column("department", Text),
    Column("region", Text),
    Column("year", Integer),
    Column("kind", String(16)),
    Column("pages", Integer),
    Column("seconds", Float),
    Column("model", LargeBinary),  # the report model's JSON, zlib-compressed
    Column("is_current", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_readings_document", "document_id", "is_current"),
)

amounts = Table(
    "amounts", metadata,
    Column("id", Integer, primary_key=True),
    Column("reading_id", Integer, ForeignKey("readings.id"), nullable=False, index=True),
    Column("table_key", String(32), nullable=False),
    Column("side", String(16), nullable=False),  # rows | total | income | expenditure | totals | cells
    Column("line", Integer),  # printed order within its side
    Column("code", String(32)),
    Column("name", Text),
    Column("column_key", String(32), nullable=False),
    Column("amount", AMOUNT),
    Column("printed", String(40), nullable=False),
    Column("page", Integer),
    Column("x0", Float),
    Column("top", Float),
    Column("x1", Float),
    Column("bottom", Float),
)

facts = Table(
    "facts", metadata,
    Column("id", Integer, primary_key=True),
    Column("reading_id", Integer, ForeignKey("readings.id"), nullable=False, index=True),
    Column("path", Text, nullable=False),
    Column("value", Text),
    Column("amount", AMOUNT),
    Column("page", Integer),
    Column("sentence", Text),
)

problems = Table(
    "problems", metadata,
    Column("id", Integer, primary_key=True),
    Column("reading_id", Integer, ForeignKey("readings.id"), nullable=False, index=True),
    Column("kind", String(16)),
    Column("table_key", String(32)),
    Column("page", Integer),
    Column("message", Text, nullable=False),
)

checks = Table(
    "checks", metadata,
    Column("id", Integer, primary_key=True),
    Column("reading_id", Integer, ForeignKey("readings.id"), nullable=False),
    Column("previous_reading_id", Integer, ForeignKey("readings.id")),  # set for the cross-document (X4xx) check
    Column("checker_version", String(64), nullable=False),
    Column("is_current", Boolean, nullable=False),
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("infos", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_checks_reading", "reading_id", "is_current"),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True),
    Column("check_id", Integer, ForeignKey("checks.id"), nullable=False, index=True),
    Column("rule", String(16), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("section", String(32)),
    Column("message", Text, nullable=False),
    Column("page", Integer),
    Column("table_key", String(32)),
    Column("row_code", String(32)),
    Column("row_name", Text),
    Column("column_label", Text),
    Column("text", Text),
    Column("path", Text),
    Column("printed", Text),
    Column("expected", Text),
    Column("fingerprint", String(32), index=True),  # the finding's place and values (records.fingerprint)
)

# ---- the web app (juesuan serve): accounts, sessions, API tokens, reviews, upload jobs (migration 0002)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # reviewer | admin
    Column("password_hash", Text, nullable=False),  # argon2id
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

web_sessions = Table(
    "web_sessions", metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the session token the signed cookie carries
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("label", Text, nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 of the token; the token is shown once
    Column("prefix", String(16), nullable=False),  # its first characters, to recognise it in a list
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)

web_secrets = Table(
    "web_secrets", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# a reviewer's verdict on a finding of one stored document (one report version), recognised by its fingerprint,
# so that it survives a re-check; review_history keeps every change
reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("fingerprint", String(32), nullable=False),
    Column("rule", String(16), nullable=False),
    Column("status", String(16), nullable=False),  # confirmed | false_alarm | fixed
    Column("comment", Text, nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("document_id", "fingerprint", name="uq_reviews_document_fingerprint"),
)

review_history = Table(
    "review_history", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("fingerprint", String(32), nullable=False),
    Column("rule", String(16), nullable=False),
    Column("status", String(16), nullable=False),  # confirmed | false_alarm | fixed | cleared
    Column("comment", Text, nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_review_history_document", "document_id", "fingerprint"),
)

upload_jobs = Table(
    "upload_jobs", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id")),
    Column("kind", String(16), nullable=False),  # report (stored like ingest) | workbook (compose: checked only)
    Column("file_name", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("size", BigInteger, nullable=False),
    Column("path", Text, nullable=False),
    Column("status", String(16), nullable=False, index=True),  # queued | running | done | failed
    Column("stage", String(32)),
    Column("error", Text),
    Column("exit_code", Integer),
    Column("document_id", Integer),  # the stored document (kind report), when done
    Column("pages", Integer),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
)
