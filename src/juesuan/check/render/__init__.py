"""Findings rendered: text, JSON, SARIF 2.1.0, HTML (a page per report, an index per folder), a summary table;
and the rule catalogue as text and Markdown.

The batch writers (``TextWriter``, ``JsonWriter``, ``SarifWriter``, the summary
tables) take one :class:`juesuan.check.batch.FileResult` at a time, so that
output streams out as reports are checked.
"""
