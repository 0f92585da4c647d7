"""The case file's records: PDFs attached to a case, their text per page in
``cases.db`` (patient data, never ``library.db``) with an FTS5 index, search across
a case's documents, the last page read, and the dates found in them.

The PDFs themselves are copied to ``<data>/records/<case_id>/<sha256>.pdf`` through
:mod:`.record_files` (the one place encryption at rest plugs in).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from imr_desktop.database import Connector, Database, StoreError, open_database, plain_connect
from imr_desktop.security.audit import AuditLog
from imr_desktop.text_safety import shown_name

from .files import (
    read_record_file,
    record_path,
    remove_record_file,
    sha256_hex,
    write_record_file,
)
from .text import Cancelled, Progress, RecordFileError, extract_text

if TYPE_CHECKING:
    from .dates import FoundDate

log = logging.getLogger(__name__)

# Marks around matched words in a snippet (control characters never in PDF text).
HIT_START, HIT_END = "\x02", "\x03"
MAX_QUERY_WORDS = 32
SEARCH_LIMIT = 50  # snippets cost ~0.1 ms a page: the best 50 pages, refine for more


@dataclass(frozen=True)
class RecordDocument:
    document_id: int
    case_id: int
    title: str
    file_name: str
    sha256: str
    size: int
    page_count: int
    text_pages: int
    last_page: int
    attached_at: str

    @property
    def searchable(self) -> bool:
        return self.text_pages > 0

    @property
    def note(self) -> str:
        if self.text_pages == 0:
            return (
                "no searchable text (a scan without a text layer): read it, search will not find it"
            )
        if self.text_pages < self.page_count:
            return f"{self.page_count - self.text_pages} of {self.page_count} pages have no text"
        return ""


@dataclass(frozen=True)
class RecordHit:
    document_id: int
    title: str
    page: int
    snippet: str  # matched words between HIT_START and HIT_END
    rank: float

    def parts(self) -> list[tuple[str, bool]]:
        """The snippet as (text, matched) pieces, for highlighting."""
        out: list[tuple[str, bool]] = []
        for n, piece in enumerate(self.snippet.split(HIT_START)):
            if n == 0:
                out.append((piece, False))
                continue
            matched, _, rest = piece.partition(HIT_END)
            out += [(matched, True), (rest, False)]
        return [(text, hit) for text, hit in out if text]

    def marked(self, left: str = "[", right: str = "]") -> str:
        return " ".join(
            "".join(f"{left}{t}{right}" if hit else t for t, hit in self.parts()).split()
        )


class CaseFinalError(StoreError):
    pass


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class RecordStore:
    """Records of every case in one data folder. Not thread-safe: a worker thread
    opens its own with :meth:`open`."""

    def __init__(self, db: Database, data_dir: Path) -> None:
        self.db = db
        self.data_dir = Path(data_dir)
        self.audit = AuditLog(db)

    @classmethod
    def open(cls, data_dir: Path, *, connect: Connector = plain_connect) -> RecordStore:
        from imr_desktop.cases.schema import CASES_MIGRATION_SETS
        from imr_desktop.cases.store import CASES_DB, WAL_AUTOCHECKPOINT_PAGES
        from imr_desktop.security.audit import attach_anchor
        from imr_desktop.security.audit_anchor import AuditAnchor

        db = open_database(Path(data_dir) / CASES_DB, CASES_MIGRATION_SETS, connect=connect)
        db.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
        attach_anchor(db, AuditAnchor.for_connector(data_dir, connect))  # its entries anchored too
        return cls(db, data_dir)

    def close(self) -> None:
        self.db.close()

    # --- attaching ---------------------------------------------------------------

    def attach(
        self,
        case_id: int,
        source: Path,
        *,
        title: str | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> RecordDocument:
        """Copy ``source`` into the data folder and index its text; one transaction.
        A bad file raises :class:`RecordFileError` and changes nothing."""
        source = Path(source)
        name = shown_name(source.name)  # stored and shown: printable, storable
        number = self._case_number(case_id, for_change=True)
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise RecordFileError(f"cannot read {name}: {exc.strerror}") from exc
        sha = sha256_hex(data)
        clash = self.db.execute(
            "SELECT title FROM record_documents WHERE case_id = ? AND sha256 = ?", [case_id, sha]
        ).fetchone()
        if clash:
            raise RecordFileError(f"{name} is already attached to this case as {clash[0]!r}.")
        extracted = extract_text(data, name, progress=progress, cancelled=cancelled)
        target = record_path(self.data_dir, case_id, sha)
        try:
            write_record_file(target, data)
        except OSError as exc:
            raise RecordFileError(
                f"cannot copy {name} into the data folder: {exc.strerror}"
            ) from exc
        try:
            with self.db.atomic():
                cur = self.db.execute(
                    "INSERT INTO record_documents (case_id, title, file_name, sha256, size, "
                    "page_count, text_pages, attached_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        case_id,
                        self._unique_title(case_id, title or shown_name(source.stem)),
                        name,
                        sha,
                        len(data),
                        extracted.page_count,
                        extracted.text_pages,
                        _now(),
                    ],
                )
                document_id = cur.lastrowid
                assert document_id is not None
                self.db.conn.executemany(
                    "INSERT INTO record_pages (document_id, page, text) VALUES (?, ?, ?)",
                    [(document_id, n, text) for n, text in enumerate(extracted.pages, 1)],
                )
                self.audit.append(
                    "records attached", number, f"sha256 {sha}, {extracted.page_count} pages"
                )
        except BaseException:
            remove_record_file(target)
            raise
        log.info("records: case %s attached a document of %d pages", number, extracted.page_count)
        return self.document(document_id)

    def _unique_title(self, case_id: int, wanted: str) -> str:
        # References name a document by title, so titles within a case are unique.
        wanted = " ".join(wanted.replace("(", "[").replace(")", "]").split()) or "document"
        taken = {d.title.lower() for d in self.documents(case_id)}
        title, n = wanted, 2
        while title.lower() in taken:
            title, n = f"{wanted} ({n})".replace("(", "[").replace(")", "]"), n + 1
        return title

    def detach(self, document_id: int) -> None:
        doc = self.document(document_id)
        number = self._case_number(doc.case_id, for_change=True)
        with self.db.atomic():
            self.db.execute("DELETE FROM record_documents WHERE id = ?", [document_id])
            self.audit.append("records detached", number, f"sha256 {doc.sha256}")
        remove_record_file(self.file_path(doc))

    def _case_number(self, case_id: int, *, for_change: bool = False) -> str:
        row = self.db.execute(
            "SELECT case_number, status FROM cases WHERE id = ?", [case_id]
        ).fetchone()
        if row is None:
            raise StoreError(f"no case with id {case_id}")
        if for_change and row[1] == "final":
            raise CaseFinalError(f"case {row[0]} is finalized; reopen it to change its records")
        return str(row[0])

    def remove_orphan_files(self) -> int:
        """Delete copies no document refers to: those of deleted cases and any left by
        a crash between copy and commit. Run at start-up, before any attach."""
        from .files import RECORDS_DIR

        root = self.data_dir / RECORDS_DIR
        if not root.is_dir():
            return 0
        known = {
            (str(case_id), f"{sha}.pdf")
            for case_id, sha in self.db.execute("SELECT case_id, sha256 FROM record_documents")
        }
        removed = 0
        for folder in root.iterdir():
            if not folder.is_dir():
                continue
            for file in folder.iterdir():
                if (folder.name, file.name) not in known:
                    remove_record_file(file)
                    removed += 1
        if removed:
            log.info("records: removed %d orphaned copies", removed)
        return removed

    # --- reading -----------------------------------------------------------------

    _COLUMNS = "id, case_id, title, file_name, sha256, size, page_count, text_pages, last_page, attached_at"

    def documents(self, case_id: int) -> list[RecordDocument]:
        return [
            RecordDocument(*row)
            for row in self.db.execute(
                f"SELECT {self._COLUMNS} FROM record_documents WHERE case_id = ? ORDER BY id",
                [case_id],
            )
        ]

    def verify(self, case_id: int | None = None) -> list[tuple[RecordDocument, str | None]]:
        """Every attached document of a case (or of all cases) decrypted and checked
        against its SHA-256: each with None, or what is wrong with its copy."""
        where, params = ("WHERE case_id = ?", [case_id]) if case_id is not None else ("", [])
        docs = [
            RecordDocument(*row)
            for row in self.db.execute(
                f"SELECT {self._COLUMNS} FROM record_documents {where} ORDER BY case_id, id",
                params,
            )
        ]
        results: list[tuple[RecordDocument, str | None]] = []
        for doc in docs:
            try:
                self.read_pdf(doc)
            except RecordFileError as exc:
                results.append((doc, str(exc)))
            else:
                results.append((doc, None))
        return results

    def document(self, document_id: int) -> RecordDocument:
        row = self.db.execute(
            f"SELECT {self._COLUMNS} FROM record_documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise StoreError(f"no attached document {document_id}")
        return RecordDocument(*row)

    def by_title(self, case_id: int, title: str) -> RecordDocument | None:
        row = self.db.execute(
            f"SELECT {self._COLUMNS} FROM record_documents WHERE case_id = ? "
            "AND lower(title) = lower(?)",
            [case_id, title.strip()],
        ).fetchone()
        return RecordDocument(*row) if row else None

    def file_path(self, doc: RecordDocument) -> Path:
        return record_path(self.data_dir, doc.case_id, doc.sha256)

    def read_pdf(self, doc: RecordDocument) -> bytes:
        """The PDF's bytes, checked against the SHA-256 taken at attach."""
        try:
            data = read_record_file(self.file_path(doc))
        except OSError as exc:
            raise RecordFileError(
                f"the copy of {doc.title} is missing from the data folder ({exc.strerror})"
            ) from exc
        except Exception as exc:  # the codec's authentication (AES-GCM) refused it
            raise RecordFileError(
                f"the copy of {doc.title} cannot be decrypted with this folder's key "
                f"({type(exc).__name__}): it is sealed under another key, or damaged"
            ) from exc
        if sha256_hex(data) != doc.sha256:
            raise RecordFileError(
                f"the copy of {doc.title} in the data folder has been changed or damaged"
            )
        return data

    def page_text(self, document_id: int, page: int) -> str:
        row = self.db.execute(
            "SELECT text FROM record_pages WHERE document_id = ? AND page = ?", [document_id, page]
        ).fetchone()
        return row[0] if row else ""

    def set_last_page(self, document_id: int, page: int) -> None:
        self.db.execute(
            "UPDATE record_documents SET last_page = max(1, min(?, page_count)) WHERE id = ?",
            [page, document_id],
        )

    # --- searching ---------------------------------------------------------------

    def search(self, case_id: int, text: str, limit: int = SEARCH_LIMIT) -> list[RecordHit]:
        """Pages of the case's documents matching every word of ``text``, best first.
        The reviewer's words are quoted, so no input is an FTS syntax error."""
        # A pasted page of text is not a search: the first words are plenty.
        query = self.db.quote_fts(" ".join(text.split()[:MAX_QUERY_WORDS]))
        if not query.strip('" '):
            return []
        sql = f"""
            SELECT p.document_id, d.title, p.page,
                   snippet(record_pages_fts, 0, '{HIT_START}', '{HIT_END}', '…', 14),
                   record_pages_fts.rank
            FROM record_pages_fts
            JOIN record_pages p ON p.id = record_pages_fts.rowid
            JOIN record_documents d ON d.id = p.document_id
            WHERE record_pages_fts MATCH ? AND d.case_id = ?
            ORDER BY record_pages_fts.rank
            LIMIT ?
        """
        try:
            rows = self.db.execute(sql, [query, case_id, limit]).fetchall()
        except sqlite3.OperationalError:  # a query FTS5 still refuses: no hits, no crash
            return []
        return [RecordHit(*row) for row in rows]

    # --- dates -------------------------------------------------------------------

    def _page_texts(self, case_id: int) -> Iterator[tuple[int, int, str]]:
        yield from self.db.execute(
            "SELECT p.document_id, p.page, p.text FROM record_pages p "
            "JOIN record_documents d ON d.id = p.document_id WHERE d.case_id = ? "
            "ORDER BY p.document_id, p.page",
            [case_id],
        )

    def dates(self, case_id: int) -> list[FoundDate]:
        from .dates import find_dates  # its patterns compile when dates are first asked for

        return find_dates(self._page_texts(case_id))
