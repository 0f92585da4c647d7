"""The case file: PDFs attached to a case (copied, sealed when encrypted), their text
indexed per page in ``cases.db``, search across them, and the dates found in them."""
