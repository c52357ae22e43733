"""Store: many reports in one database (SQLite by default, PostgreSQL by URL), and questions across them.

- ``database.py`` opens a store and migrates it (``migrations/``, Alembic); ``schema.py`` its tables.
- ``discover.py`` which files; ``work.py`` what a worker does with one (read, check, flatten into a
  ``records.ReportRecord``); ``runners.py`` where work runs (this process, local processes, Dask);
  ``writer.py`` writes records in batches; ``ingest.py`` puts these together; ``progress.py`` the bar.
- ``previous_year.py`` compares each report with last year's (X4xx); ``reindex.py`` re-reads and re-checks.
- ``compare.py``, ``rank.py`` (``measures.py``), ``queries.py`` (findings, read-only SQL), ``export.py``;
  ``departments.py`` finds a department by name; ``region.py``; ``labels.py``; ``versions.py``; ``errors.py``.
"""
