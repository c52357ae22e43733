"""The web app (juesuan serve): users, sessions, API tokens, reviews and their history, upload jobs; a
fingerprint on each finding (filled in for the findings stored before), by which reviews are kept.

Revision ID: 0002
Revises: 0001
Create Date: 2026-06-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)
BACKFILL_CHUNK = 5000


def _backfill_fingerprints() -> None:
    from juesuan.store.records import fingerprint

    conn = op.get_bind()
    findings = sa.table("findings", sa.column("id", sa.Integer), sa.column("rule"), sa.column("table_key"),
                        sa.column("row_code"), sa.column("row_name"), sa.column("column_label"),
                        sa.column("path"), sa.column("text"), sa.column("printed"), sa.column("expected"),
                        sa.column("fingerprint"))
    last = 0
    while True:
        rows = conn.execute(sa.select(findings).where(findings.c.id > last).order_by(findings.c.id)
                            .limit(BACKFILL_CHUNK)).all()
        if not rows:
            return
        conn.execute(sa.update(findings).where(findings.c.id == sa.bindparam("fid"))
                     .values(fingerprint=sa.bindparam("fp")),
                     [{"fid": r.id, "fp": fingerprint(r.rule, r.table_key, r.row_code, r.row_name, r.column_label,
                                                      r.path, r.text, r.printed, r.expected)} for r in rows])
        last = rows[-1].id


def upgrade() -> None:
    op.add_column("findings", sa.Column("fingerprint", sa.String(32)))
    _backfill_fingerprints()
    op.create_index("ix_findings_fingerprint", "findings", ["fingerprint"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("last_used_at", WHEN),
        sa.Column("revoked_at", WHEN),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "web_secrets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("rule", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.UniqueConstraint("document_id", "fingerprint", name="uq_reviews_document_fingerprint"),
    )
    op.create_table(
        "review_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("rule", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index("ix_review_history_document", "review_history", ["document_id", "fingerprint"])
    op.create_table(
        "upload_jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(32)),
        sa.Column("error", sa.Text),
        sa.Column("exit_code", sa.Integer),
        sa.Column("document_id", sa.Integer),
        sa.Column("pages", sa.Integer),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("started_at", WHEN),
        sa.Column("finished_at", WHEN),
    )
    op.create_index("ix_upload_jobs_content_hash", "upload_jobs", ["content_hash"])
    op.create_index("ix_upload_jobs_status", "upload_jobs", ["status"])


def downgrade() -> None:
    for table in ("upload_jobs", "review_history", "reviews", "web_secrets", "api_tokens", "web_sessions", "users"):
        op.drop_table(table)
    op.drop_index("ix_findings_fingerprint", "findings")
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("fingerprint")
