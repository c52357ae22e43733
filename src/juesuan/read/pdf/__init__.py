"""Read: PDF with a text layer -> geometry, ruled grids, tables."""
