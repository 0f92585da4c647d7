"""The letter out: the ReportLab PDF renderer (and the text form in the model).

ReportLab is imported inside the functions that build a PDF, never when this
package is imported, so the window starts without it.
"""

from .pdf_letter import ExportResult, render_letter_pdf, write_letter_pdf

__all__ = ["ExportResult", "render_letter_pdf", "write_letter_pdf"]
