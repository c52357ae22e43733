"""Read page images: scans and tables pasted into PDFs as pictures (OCR), into the PDF reader's geometry."""
