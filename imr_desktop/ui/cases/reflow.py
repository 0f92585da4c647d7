"""Layouts that reflow to the width they are given, so the case form reads whole on
a 1280×720 laptop and at 200 % scale as on a wide monitor:

- ``FlowLayout``: widgets left to right, wrapping to the next line when the row is
  full (the decision buttons, the citation buttons);
- ``ColumnsForm``: label/field pairs in two columns when both fit, one otherwise
  (the header).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLayout, QLayoutItem, QStyle, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = -1) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt's name)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt's name)
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """All on one line."""
        width = sum(i.sizeHint().width() for i in self._items)
        width += self._gap() * max(0, len(self._items) - 1)
        height = max((i.sizeHint().height() for i in self._items), default=0)
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt's name)
        """As narrow as the widest item: the rest wraps."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _gap(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        parent = self.parentWidget()
        style = parent.style() if parent is not None else None
        return style.pixelMetric(QStyle.PM_LayoutHorizontalSpacing) if style else 6

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        gap = self._gap()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line_height = area.x(), y + line_height + gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint.boundedTo(area.size().expandedTo(hint))))
            x += hint.width() + gap
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


class ColumnsForm(QWidget):
    """Label/field pairs in a grid of two columns of pairs when the width allows both
    at their comfortable width, else one column, in the same (reading and Tab) order."""

    def __init__(self, field_chars: int = 14, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.pairs: list[tuple[QLabel, QWidget]] = []
        self.field_chars = field_chars
        self.columns = 0
        self.spanning: list[QWidget] = []  # full-width rows after the pairs

    def add_pair(self, label: QLabel, field: QWidget) -> None:
        self.pairs.append((label, field))
        self._place(self.columns or 2, force=True)

    def add_spanning(self, widget: QWidget) -> None:
        self.spanning.append(widget)
        self._place(self.columns or 2, force=True)

    def _pair_width(self, pairs: list[tuple[QLabel, QWidget]]) -> int:
        """The width a column of these pairs needs: its widest label beside its widest
        field, each field at least ``field_chars`` characters wide."""
        label = max((lab.sizeHint().width() for lab, _ in pairs), default=0)
        comfortable = self.fontMetrics().averageCharWidth() * self.field_chars
        field = max((max(f.minimumSizeHint().width(), comfortable) for _, f in pairs), default=0)
        return label + self.grid.horizontalSpacing() + field

    def two_column_width(self) -> int:
        margins = self.grid.contentsMargins()
        columns = self._pair_width(self.pairs[0::2]) + self._pair_width(self.pairs[1::2])
        return columns + self.grid.horizontalSpacing() + margins.left() + margins.right()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """One column's: the form is never what forces a horizontal scroll bar."""
        margins = self.grid.contentsMargins()
        width = self._pair_width(self.pairs) + margins.left() + margins.right()
        for widget in self.spanning:
            width = max(width, widget.minimumSizeHint().width() + margins.left() + margins.right())
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._place(2 if event.size().width() >= self.two_column_width() else 1)

    def _place(self, columns: int, force: bool = False) -> None:
        if columns == self.columns and not force:
            return
        self.columns = columns
        for label, field in self.pairs:
            self.grid.removeWidget(label)
            self.grid.removeWidget(field)
        for widget in self.spanning:
            self.grid.removeWidget(widget)
        for n, (label, field) in enumerate(self.pairs):
            row, col = divmod(n, columns)
            self.grid.addWidget(label, row, 2 * col)
            self.grid.addWidget(field, row, 2 * col + 1)
        rows = (len(self.pairs) + columns - 1) // columns
        for n, widget in enumerate(self.spanning):
            self.grid.addWidget(widget, rows + n, 0, 1, 2 * columns)
        for col in range(4):
            self.grid.setColumnStretch(col, 1 if col % 2 and col < 2 * columns else 0)
        self.updateGeometry()
