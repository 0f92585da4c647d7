"""The one syntax highlighter of a field's document, shared by the features that
mark text in it (page references from ``ui/records``, misspellings from
``ui/spelling``): a document takes a single highlighter's formats, so each feature
adds a layer instead of a highlighter of its own. Qt calls it for the edited
paragraph only."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument

# A layer: a paragraph's text -> (start, length, format) in Qt positions.
Layer = Callable[[str], Iterable[tuple[int, int, QTextCharFormat]]]


class FieldHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.layers: list[Layer] = []

    @classmethod
    def of(cls, document: QTextDocument) -> FieldHighlighter:
        """The document's highlighter (a child of the document), made on first use."""
        existing = document.findChild(FieldHighlighter)
        return existing if existing is not None else cls(document)

    def add_layer(self, layer: Layer) -> None:
        self.layers.append(layer)
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        for layer in self.layers:
            for start, length, fmt in layer(text):
                merged = QTextCharFormat(self.format(start))  # what a layer before set
                merged.merge(fmt)
                self.setFormat(start, length, merged)
