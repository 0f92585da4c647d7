"""The fonts the letter is set in: DejaVu, shipped in ``resources/fonts`` (Bitstream
Vera licence, ``LICENSE-DejaVu.txt``) and embedded, so any name, accent or symbol
prints and the PDF references no unembedded base-14 font.

The letters are set in a serif body with sans labels in the header table (as the
published letters are: Times and Arial); DejaVu Serif and DejaVu Sans stand in.

Regular and bold only: nothing in a letter is set in italics (its markup is the
exporter's own; what the reviewer typed is escaped), and each face is a whole
TrueType file ReportLab reads at every export (~5 ms each). A letter that needs
italics adds the DejaVu Serif italic faces here again.
"""

from __future__ import annotations

import threading

from imr_desktop.paths import resource

SERIF = "LetterSerif"
SANS = "LetterSans"

_FILES = {
    SERIF: "DejaVuSerif.ttf",
    f"{SERIF}-Bold": "DejaVuSerif-Bold.ttf",
    SANS: "DejaVuSans.ttf",
    f"{SANS}-Bold": "DejaVuSans-Bold.ttf",
}

_lock = threading.Lock()
_registered = False


class FontsMissingError(RuntimeError):
    pass


def register_fonts() -> None:
    """Register the families with ReportLab once per process (thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, filename in _FILES.items():
            path = resource("fonts", filename)
            if not path.is_file():
                raise FontsMissingError(
                    f"the letter font {filename} is missing from {path.parent}; "
                    "reinstall the application"
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(
            SERIF, normal=SERIF, bold=f"{SERIF}-Bold", italic=SERIF, boldItalic=f"{SERIF}-Bold"
        )
        pdfmetrics.registerFontFamily(
            SANS, normal=SANS, bold=f"{SANS}-Bold", italic=SANS, boldItalic=f"{SANS}-Bold"
        )
        # <b> inside a sans paragraph must find the sans bold.
        addMapping(SANS, 1, 0, f"{SANS}-Bold")
        _registered = True
