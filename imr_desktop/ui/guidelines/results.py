"""The guideline panel's result list: a model over search hits and a delegate that
paints each as three short lines (status icon and topic; source, section, pages;
the snippet with matched words in bold on a tint: never colour alone)."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from imr_desktop.guidelines import SearchHit, highlight_segments, strip_highlights
from imr_desktop.model.passage import Passage, RecommendationStatus

HIT_ROLE = Qt.UserRole + 1
ICON_SIZE = 16
_STATUS_COLOURS = {
    RecommendationStatus.RECOMMENDED: "#2e7d32",
    RecommendationStatus.NOT_RECOMMENDED: "#c62828",
    RecommendationStatus.CONDITIONAL: "#b26a00",
    RecommendationStatus.NOT_ADDRESSED: "#616161",
}
_icons: dict[RecommendationStatus, QIcon] = {}


def status_icon(status: RecommendationStatus) -> QIcon:
    """A disc with the status's own glyph: the shape says it, the colour helps."""
    if status not in _icons:
        pixmap = QPixmap(ICON_SIZE * 2, ICON_SIZE * 2)  # drawn at 2x for sharp scaling
        pixmap.fill(Qt.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setBrush(QColor(_STATUS_COLOURS[status]))
        painter.setPen(Qt.NoPen)
        painter.drawEllipse(1, 1, ICON_SIZE * 2 - 2, ICON_SIZE * 2 - 2)
        painter.setPen(QColor("white"))
        font = QFont()
        font.setPixelSize(20)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(pixmap.rect(), Qt.AlignCenter, status.symbol)
        painter.end()
        _icons[status] = QIcon(pixmap)
    return _icons[status]


def highlighted_html(text: str) -> str:
    return "".join(
        f'<b style="background-color:#fff1a8;color:#000">{html.escape(t)}</b>'
        if is_match
        else html.escape(t)
        for t, is_match in highlight_segments(text)
    )


def source_line(passage: Passage) -> str:
    parts = [passage.source.label]
    if passage.chapter:
        parts.append(passage.chapter)
    if passage.section:
        parts.append(passage.section)
    if passage.pages:
        parts.append(f"p. {passage.pages}")
    return " · ".join(parts)


class ResultsModel(QAbstractListModel):
    """Search hits; a search may read only the first hits' snippets (what the list
    shows before it is scrolled): ``read_snippets`` reads the rest when a hit
    without one is first asked for (painted, its tooltip, selected)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []
        self._read_snippets: Callable[[], list[SearchHit]] | None = None

    def set_hits(
        self, hits: list[SearchHit], read_snippets: Callable[[], list[SearchHit]] | None = None
    ) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self._read_snippets = read_snippets
        self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        """The hit at ``row``, its snippet read."""
        hit = self.hits[row]
        if hit.snippet is None and self._read_snippets is not None:
            read, self._read_snippets = self._read_snippets, None
            self.hits = list(read())
            hit = self.hits[row]
        return hit

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        p = self.hits[index.row()].passage
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            # What a screen reader says: status in words first.
            return f"{p.status.label}: {p.topic}. {source_line(p)}"
        if role == Qt.ToolTipRole:
            return strip_highlights(self.hit(index.row()).snippet or "") or p.text[:300]
        if role == Qt.DecorationRole:
            return status_icon(p.status)
        if role == HIT_ROLE:
            return self.hit(index.row())
        return None


class ResultDelegate(QStyledItemDelegate):
    """Every row has the same height (topic; status, section, pages; source; two lines
    of snippet),
    so the view lays out 50 results without measuring each: only visible rows are
    drawn, and typing stays smooth."""

    PADDING = 6
    LINES = 5  # topic; status, section, pages; source and edition; two of snippet

    def _document(
        self, hit: SearchHit, width: int, selected: bool, palette: QPalette
    ) -> QTextDocument:
        p = hit.passage
        width = max(80, width)
        colour = palette.color(QPalette.HighlightedText if selected else QPalette.Text).name()
        muted = colour if selected else palette.color(QPalette.PlaceholderText).name()
        metrics = QFontMetrics(self.font)
        bold = QFont(self.font)
        bold.setBold(True)
        if QFontMetrics(bold).horizontalAdvance(p.topic) > width:
            # A topic too long for a narrow panel ends in "…" (the passage shows it whole).
            topic = html.escape(QFontMetrics(bold).elidedText(p.topic, Qt.ElideRight, width))
        else:
            topic = highlighted_html(hit.topic) if hit.topic else html.escape(p.topic)
        where = " · ".join(
            [p.status.label]
            + ([p.section] if p.section else [])
            + ([f"p. {p.pages}"] if p.pages else [])
        )
        source = " · ".join(
            [p.source.label]
            + ([p.chapter] if p.chapter else [])
            + (["summary"] if p.is_summary else [])
        )
        lines = [
            f'<div style="white-space:nowrap;color:{colour}"><b>{topic}</b></div>',
            f'<div style="color:{colour}">{html.escape(metrics.elidedText(where, Qt.ElideRight, width))}</div>',
            f'<div style="color:{muted}">{html.escape(metrics.elidedText(source, Qt.ElideRight, width))}</div>',
        ]
        snippet = hit.snippet or html.escape(p.text[:300])
        lines.append(
            f'<div style="color:{colour}">{highlighted_html(snippet) if hit.snippet else snippet}</div>'
        )
        doc = QTextDocument()
        doc.setDefaultFont(self.font)
        doc.setDocumentMargin(0)
        doc.setHtml("".join(lines))
        doc.setTextWidth(width)
        return doc

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.font = parent.font() if parent is not None else QFont()

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        return option.rect.width() - ICON_SIZE - 3 * self.PADDING

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is None:
            return super().paint(painter, option, index)
        selected = bool(option.state & QStyle.State_Selected)
        style = option.widget.style() if option.widget else QApplication.style()
        # Background, selection and focus frame the way the platform draws them.
        bare = QStyleOptionViewItem(option)
        self.initStyleOption(bare, index)
        bare.text = ""
        bare.icon = QIcon()
        style.drawControl(QStyle.CE_ItemViewItem, bare, painter, option.widget)
        rect = option.rect
        icon_rect = rect.adjusted(self.PADDING, self.PADDING, 0, 0)
        icon_rect.setSize(QSize(ICON_SIZE, ICON_SIZE))
        status_icon(hit.passage.status).paint(painter, icon_rect)
        doc = self._document(hit, self._text_width(option), selected, option.palette)
        painter.save()
        painter.translate(rect.left() + ICON_SIZE + 2 * self.PADDING, rect.top() + self.PADDING)
        # Clip to whole lines: a long snippet ends at its second line.
        doc.drawContents(painter, QRectF(0, 0, doc.textWidth(), rect.height() - 2 * self.PADDING))
        painter.restore()
        painter.save()
        painter.setPen(option.palette.color(QPalette.Mid))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        line = QFontMetrics(self.font).lineSpacing()
        return QSize(200, self.LINES * line + 2 * self.PADDING + 1)
