"""The first schema: documents, files, readings, amounts, facts, problems, checks, findings, and their views.

Revision ID: 0001
Revises:
Create Date: 2026-06-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

AMOUNT = sa.Numeric(24, 4)
WHEN = sa.DateTime(timezone=True)

# The tidy views analysts query (``juesuan sql``) and the exports read: one row per amount, fact or finding
# with its document; ``latest_*`` keep only the newest version of each department's report for a year.
DOCUMENT_COLUMNS = ("d.id AS document_id, d.content_hash, d.file_name, d.department, d.region, d.year, "
                    "d.version, d.is_latest")
VIEWS: dict[str, str] = {
    "report_amounts": f"""
        SELECT {DOCUMENT_COLUMNS}, a.table_key, a.side, a.line, a.code, a.name, a.column_key,
               a.amount, a.printed, a.page
        FROM amounts a JOIN readings r ON r.id = a.reading_id JOIN documents d ON d.id = r.document_id
        WHERE r.is_current""",
    "report_facts": f"""
        SELECT {DOCUMENT_COLUMNS}, f.path, f.value, f.amount, f.page, f.sentence
        FROM facts f JOIN readings r ON r.id = f.reading_id JOIN documents d ON d.id = r.document_id
        WHERE r.is_current""",
    "report_findings": f"""
        SELECT {DOCUMENT_COLUMNS}, f.rule, f.severity, f.section, f.message, f.page, f.table_key, f.row_code,
               f.row_name, f.column_label, f.text, f.path, f.printed, f.expected, c.checker_version,
               c.previous_reading_id
        FROM findings f JOIN checks c ON c.id = f.check_id JOIN readings r ON r.id = c.reading_id
        JOIN documents d ON d.id = r.document_id
        WHERE c.is_current AND r.is_current""",
    "latest_documents": "SELECT * FROM documents WHERE is_latest",
    "latest_amounts": "SELECT * FROM report_amounts WHERE is_latest",
    "latest_facts": "SELECT * FROM report_facts WHERE is_latest",
    "latest_findings": "SELECT * FROM report_findings WHERE is_latest",
}


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("format", sa.String(16)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("exit_code", sa.Integer),
        sa.Column("department", sa.Text),
        sa.Column("department_key", sa.Text),
        sa.Column("region", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("kind", sa.String(16)),
        sa.Column("pages", sa.Integer),
        sa.Column("version", sa.Integer),
        sa.Column("is_latest", sa.Boolean, nullable=False),
        sa.Column("reader_version", sa.String(64)),
        sa.Column("checker_version", sa.String(64)),
        sa.Column("ingested_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_index("ix_documents_department_year", "documents", ["department_key", "year"])
    op.create_index("ix_documents_region_year", "documents", ["region", "year"])
    op.create_table(
        "files",
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("mtime_ns", sa.BigInteger, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("seen_at", WHEN, nullable=False),
    )
    op.create_table(
        "readings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("reader_version", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("exit_code", sa.Integer),
        sa.Column("department", sa.Text),
        sa.Column("region", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("kind", sa.String(16)),
        sa.Column("pages", sa.Integer),
        sa.Column("seconds", sa.Float),
        sa.Column("model", sa.LargeBinary),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index("ix_readings_document", "readings", ["document_id", "is_current"])
    op.create_table(
        "amounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reading_id", sa.Integer, sa.ForeignKey("readings.id"), nullable=False),
        sa.Column("table_key", sa.String(32), nullable=False),
        sa.Column("side", sa.String(16), nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("code", sa.String(32)),
        sa.Column("name", sa.Text),
        sa.Column("column_key", sa.String(32), nullable=False),
        sa.Column("amount", AMOUNT),
        sa.Column("printed", sa.String(40), nullable=False),
        sa.Column("page", sa.Integer),
        sa.Column("x0", sa.Float),
        sa.Column("top", sa.Float),
        sa.Column("x1", sa.Float),
        sa.Column("bottom", sa.Float),
    )
    op.create_index("ix_amounts_reading_id", "amounts", ["reading_id"])
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reading_id", sa.Integer, sa.ForeignKey("readings.id"), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("value", sa.Text),
        sa.Column("amount", AMOUNT),
        sa.Column("page", sa.Integer),
        sa.Column("sentence", sa.Text),
    )
    op.create_index("ix_facts_reading_id", "facts", ["reading_id"])
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reading_id", sa.Integer, sa.ForeignKey("readings.id"), nullable=False),
        sa.Column("kind", sa.String(16)),
        sa.Column("table_key", sa.String(32)),
        sa.Column("page", sa.Integer),
        sa.Column("message", sa.Text, nullable=False),
    )
    op.create_index("ix_problems_reading_id", "problems", ["reading_id"])
    op.create_table(
        "checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reading_id", sa.Integer, sa.ForeignKey("readings.id"), nullable=False),
        sa.Column("previous_reading_id", sa.Integer, sa.ForeignKey("readings.id")),
        sa.Column("checker_version", sa.String(64), nullable=False),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("infos", sa.Integer, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index("ix_checks_reading", "checks", ["reading_id", "is_current"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("check_id", sa.Integer, sa.ForeignKey("checks.id"), nullable=False),
        sa.Column("rule", sa.String(16), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("section", sa.String(32)),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("page", sa.Integer),
        sa.Column("table_key", sa.String(32)),
        sa.Column("row_code", sa.String(32)),
        sa.Column("row_name", sa.Text),
        sa.Column("column_label", sa.Text),
        sa.Column("text", sa.Text),
        sa.Column("path", sa.Text),
        sa.Column("printed", sa.Text),
        sa.Column("expected", sa.Text),
    )
    op.create_index("ix_findings_check_id", "findings", ["check_id"])
    for name, sql in VIEWS.items():  # in order: latest_* read the report_* views
        op.execute(f"CREATE VIEW {name} AS {sql}")


def downgrade() -> None:
    for name in reversed(list(VIEWS)):
        op.execute(f"DROP VIEW {name}")
    for table in ("findings", "checks", "problems", "facts", "amounts", "readings", "files", "documents"):
        op.drop_table(table)
