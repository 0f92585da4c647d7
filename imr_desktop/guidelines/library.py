"""The guideline library (``library.db``): sources, passages, search, import.

Opened with the app's one way of opening SQLite files (WAL, owner-only, migrations).
Holds no patient data. A connection belongs to its thread: a worker thread opens
its own ``GuidelineLibrary`` on the same path.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from imr_desktop.database import Database, open_database
from imr_desktop.model.passage import GuidelineSource, Passage, RecommendationStatus, SourceKind
from imr_desktop.text_safety import shown_name

from . import search as search_module
from .importers import (
    CancelFlag,
    GuidelineImportError,
    ImportedSource,
    Progress,
    check_cancel,
    never_cancel,
    no_progress,
    read_library_file,
)
from .sample import sync_sample_library
from .schema import LIBRARY_MIGRATION_SETS, MAX_POSITION, passage_id

log = logging.getLogger(__name__)

LIBRARY_DB = "library.db"
_BATCH = 500
_STATUSES = {status.value: status for status in RecommendationStatus}  # unknown: not addressed


@dataclass(frozen=True)
class SourceInfo:
    id: int
    source: GuidelineSource
    passages: int
    origin: str
    imported_at: str


@dataclass(frozen=True)
class ImportReport:
    sources: list[str]  # "<title> (<edition>)" of each source written
    passages: int
    replaced: list[str]  # keys of sources that existed and were replaced


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class GuidelineLibrary:
    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self._sources: dict[int, GuidelineSource] = {}
        self._data_version: int | None = None
        search_module.FirstRows.register(db.conn)

    @classmethod
    def open(cls, path: Path | str, *, seed_sample: bool = True) -> GuidelineLibrary:
        path = Path(path)
        if path.is_dir():
            path = path / LIBRARY_DB
        library = cls(open_database(path, LIBRARY_MIGRATION_SETS), path)
        if seed_sample:
            sync_sample_library(library)
        return library

    def close(self) -> None:
        self.db.close()

    # --- settings (e.g. that the sample library was seeded once) --------------------

    def setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM library_settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO library_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    # --- reading -------------------------------------------------------------------

    def refresh(self) -> None:
        """Forget cached sources (after an import or removal)."""
        self._sources.clear()
        self._data_version = None

    def _cached_sources(self) -> dict[int, GuidelineSource]:
        if not self._sources:
            self._data_version = self._version()
            self._sources = {info.id: info.source for info in self.sources()}
        return self._sources

    def _version(self) -> int:
        # Changes when another connection (a worker's import) commits.
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def _source(self, source_id: int) -> GuidelineSource:
        sources = self._cached_sources()
        if source_id not in sources:
            self.refresh()
            sources = self._cached_sources()
        return sources[source_id]

    def _make_passage(
        self, row: tuple, sources: dict[int, GuidelineSource] | None = None
    ) -> Passage:
        pid, source_id, topic, chapter, section, pages, region, status, text, summary = row
        # Positional, in Passage's field order: a search builds up to 50 a keystroke.
        return Passage(
            sources[source_id] if sources else self._source(source_id),
            topic,
            text,
            chapter,
            section,
            pages,
            region,
            _STATUSES.get(status, RecommendationStatus.NOT_ADDRESSED),
            bool(summary),
            pid,
        )

    def sources(self) -> list[SourceInfo]:
        rows = self.db.execute(
            "SELECT s.id, s.key, s.title, s.kind, s.cite_as, s.edition, s.in_force_from, "
            "s.in_force_to, s.rank, s.origin, s.imported_at, "
            "(SELECT count(*) FROM passages p WHERE p.source_id = s.id), s.cite_as_2014, "
            "s.cited_whole "
            "FROM sources s ORDER BY s.rank, s.in_force_from, s.title"
        ).fetchall()
        out = []
        for r in rows:
            source = GuidelineSource(
                key=r[1],
                title=r[2],
                kind=SourceKind(r[3]),
                cite_as=r[4],
                cite_as_2014=r[12],
                cited_whole=bool(r[13]),
                edition=r[5],
                in_force_from=_date(r[6]),
                in_force_to=_date(r[7]),
                rank=r[8],
            )
            out.append(SourceInfo(r[0], source, r[11], r[9], r[10]))
        return out

    def guideline_sources(self) -> list[GuidelineSource]:
        """Every source as data (names, editions, in-force dates): what the letter's QA
        needs to tell whether a citation's edition was in force."""
        return list(self._cached_sources().values())

    def passage(self, passage_id: int) -> Passage | None:
        row = self.db.execute(
            f"SELECT {search_module.PASSAGE_COLUMNS} FROM passages p WHERE p.id = ?", [passage_id]
        ).fetchone()
        return self._make_passage(row) if row else None

    def passages(self, ids: Iterable[int]) -> list[Passage]:
        """The passages of ``ids``, in that order (unknown ids left out)."""
        ids = list(ids)
        if not ids:
            return []
        sources = self._cached_sources()
        marks = ", ".join("?" for _ in ids)
        rows = self.db.execute(
            f"SELECT {search_module.PASSAGE_COLUMNS} FROM passages p WHERE p.id IN ({marks})", ids
        ).fetchall()
        by_id = {r[0]: r for r in rows}
        return [self._make_passage(by_id[i], sources) for i in ids if i in by_id]

    def all_passages(self) -> Iterator[Passage]:
        sources = self._cached_sources()
        for row in self.db.execute(f"SELECT {search_module.PASSAGE_COLUMNS} FROM passages p"):
            yield self._make_passage(row, sources)

    def passage_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM passages").fetchone()[0])

    def texts(self) -> Iterator[str]:
        """Every title, heading and passage text, one string at a time (the spelling
        dictionary learns the library's words from them)."""
        for row in self.db.execute("SELECT title, cite_as FROM sources"):
            yield " ".join(row)
        for row in self.db.execute("SELECT topic, chapter, section, text FROM passages"):
            yield " ".join(row)

    def body_regions(self) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT body_region FROM passages WHERE body_region != '' ORDER BY 1"
        ).fetchall()
        return [r[0] for r in rows]

    def search(
        self,
        text: str,
        *,
        kinds: Iterable[SourceKind] = (),
        region: str = "",
        on: dt.date | None = None,
        limit: int = search_module.DEFAULT_LIMIT,
        snippets: int | None = None,
    ) -> search_module.SearchResult:
        """``snippets``: read only the first ``snippets`` hits' snippets (a list
        showing the first hits; ``read_snippets`` reads the rest); None: every hit's."""
        filters = search_module.SearchFilters(frozenset(kinds), region, on)
        try:
            result = self._search(text, filters, limit, snippets)
            if self._read_fresh(result):
                return result
        except KeyError:  # a hit from a source the cache does not know
            pass
        self.refresh()  # another connection (an import) changed the sources: once more
        return self._search(text, filters, limit, snippets)

    def read_snippets(self, result: search_module.SearchResult) -> list[search_module.SearchHit]:
        """The hits of ``result`` with every snippet (one statement if any is unread)."""
        return search_module.read_snippets(self.db, result)

    def _search(
        self, text: str, filters: search_module.SearchFilters, limit: int, snippets: int | None
    ) -> search_module.SearchResult:
        sources = self._cached_sources()

        def make_passage(row: tuple) -> Passage:
            return self._make_passage(row, sources)

        return search_module.search(
            self.db, text, list(sources.items()), make_passage, filters, limit, snippets
        )

    def _read_fresh(self, result: search_module.SearchResult) -> bool:
        """Whether the search ran on the sources cached: the hits tell the version
        of the file they were read at; with no hits, one cheap look (a source the
        cache lacks might have matched)."""
        version = result.data_version if result.hits else self._version()
        return version == self._data_version

    # --- writing -------------------------------------------------------------------

    def replace_sources(
        self,
        imported: list[ImportedSource],
        *,
        origin: str = "",
        progress: Progress = no_progress,
        cancel: CancelFlag = never_cancel,
    ) -> ImportReport:
        """Write each source with its passages, replacing any source with the same key,
        all in one transaction: cancelled or failed, the library is as it was."""
        total = sum(len(item.passages) for item in imported)
        done = 0
        replaced: list[str] = []
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.db.atomic():
            for item in imported:
                src = item.source
                old = self.db.execute("SELECT id FROM sources WHERE key = ?", [src.key]).fetchone()
                if old:
                    replaced.append(src.key)
                    self.db.execute("DELETE FROM passages WHERE source_id = ?", [old[0]])
                    self.db.execute("DELETE FROM sources WHERE id = ?", [old[0]])
                cursor = self.db.execute(
                    "INSERT INTO sources (key, title, cite_as, cite_as_2014, cited_whole, edition, "
                    "kind, rank, in_force_from, in_force_to, origin, imported_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        src.key,
                        src.title,
                        src.cite_as,
                        src.cite_as_2014,
                        int(src.cited_whole),
                        src.edition,
                        src.kind.value,
                        src.effective_rank,
                        src.in_force_from.isoformat() if src.in_force_from else None,
                        src.in_force_to.isoformat() if src.in_force_to else None,
                        origin,
                        now,
                    ],
                )
                source_id = cursor.lastrowid
                assert source_id is not None
                if len(item.passages) > MAX_POSITION:
                    raise GuidelineImportError(f"{src.label}: too many passages in one source")
                tier = src.effective_rank
                for start in range(0, len(item.passages), _BATCH):
                    check_cancel(cancel)
                    batch = item.passages[start : start + _BATCH]
                    self.db.conn.executemany(
                        "INSERT INTO passages (id, source_id, position, topic, chapter, section, "
                        "pages, body_region, status, text, is_summary) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            (
                                passage_id(tier, source_id, start + n),
                                source_id,
                                start + n,
                                p.topic,
                                p.chapter,
                                p.section,
                                p.pages,
                                p.body_region,
                                p.status.value,
                                p.text,
                                int(p.is_summary),
                            )
                            for n, p in enumerate(batch)
                        ],
                    )
                    done += len(batch)
                    progress(done, total, f"Writing passages ({done} of {total})")
            check_cancel(cancel)
        self.refresh()
        return ImportReport([i.source.label for i in imported], total, replaced)

    def import_file(
        self,
        path: Path | str,
        *,
        progress: Progress = no_progress,
        cancel: CancelFlag = never_cancel,
        pdf_source: GuidelineSource | None = None,
    ) -> ImportReport:
        path = Path(path)
        imported = read_library_file(path, progress=progress, cancel=cancel, pdf_source=pdf_source)
        name = shown_name(path.name)
        if not any(item.passages for item in imported):
            raise GuidelineImportError(f"{name}: no passages found; nothing was imported")
        report = self.replace_sources(imported, origin=name, progress=progress, cancel=cancel)
        log.info("imported %d passages in %d source(s)", report.passages, len(report.sources))
        return report

    def find_source(self, key_or_title: str) -> SourceInfo | None:
        wanted = key_or_title.strip().lower()
        infos = self.sources()
        for info in infos:
            if info.source.key.lower() == wanted:
                return info
        matches = [
            i for i in infos if i.source.title.lower() == wanted or i.source.label.lower() == wanted
        ]
        return matches[0] if len(matches) == 1 else None

    def remove_source(self, key: str) -> int:
        """Remove a source and its passages; returns how many passages went."""
        info = self.find_source(key)
        if info is None:
            raise GuidelineImportError(
                f"no source {key!r} in the library (see 'guidelines sources')"
            )
        with self.db.atomic():
            self.db.execute("DELETE FROM passages WHERE source_id = ?", [info.id])
            self.db.execute("DELETE FROM sources WHERE id = ?", [info.id])
        self.refresh()
        return info.passages
