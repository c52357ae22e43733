"""Read reports published as web pages: HTML tables and paragraphs, through the PDF reader's table recognition."""
