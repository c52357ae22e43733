"""Read: plain text (columns lost) -> tables, columns settled by the arithmetic."""
