"""Read: which standard table is which (titles, headers, content), shared by every input."""
