"""Alembic migrations of the juesuan database, run automatically by ``juesuan.store.database.open_store``."""
