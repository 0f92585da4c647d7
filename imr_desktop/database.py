"""Opening a SQLite file the way every file of this app is opened.

WAL with ``synchronous=NORMAL`` (commits survive a killed process), owner-only file
mode, forward-only migrations through sqlite-utils, and a refusal to touch a file
written by a newer version of the app.

Importing sqlite-utils costs ~90 ms (it brings click, dateutil and pluggy), more
than everything else the window needs to open a data folder. So the stores hold a
:class:`Database`: the sqlite3 connection with the calls they make (``execute``,
``query``, ``atomic``, ``quote_fts``), and sqlite-utils' own ``Database`` on the same
connection the first time anything else is asked of it (``db.table(...)``,
``db["t"]``). Schema steps are registered in a :class:`Migrations` set that tells
whether a step is pending by reading sqlite-utils' table itself; the steps run, with
sqlite-utils, only when one is.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils


class StoreError(Exception):
    """A data file cannot be used; the message is for the reviewer."""


class NewerSchemaError(StoreError):
    pass


class CorruptDatabaseError(StoreError):
    pass


class FolderUnusableError(StoreError):
    """The data folder cannot be written (read-only, full): nothing is wrong with the
    files in it."""


def unusable_folder(folder: Path, action: str, exc: BaseException) -> StoreError:
    """The error for ``exc`` raised while ``action``: a true sentence about the folder
    when it is read-only or full, else the error's own words."""
    from imr_desktop.paths import folder_problem

    problem = folder_problem(folder)
    if problem is not None:
        return FolderUnusableError(f"cannot {action}: {problem}. Nothing was changed.")
    detail = getattr(exc, "strerror", None) or str(exc)
    return StoreError(f"cannot {action} ({detail}); nothing was changed")


Connector = Callable[[Path], sqlite3.Connection]

# sqlite-utils' Database.quote_fts: each token quoted, so no word is FTS5 syntax.
_FTS_SPLIT = re.compile(r'\s+|(".*?")')
_savepoints = iter(range(1, 1 << 62))


class Database:
    """A connection as every store holds it (see the module docstring). The
    connection is in autocommit mode (``isolation_level=None``): a statement outside
    :meth:`atomic` commits by itself."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._utils: sqlite_utils.Database | None = None
        self._after_commit: list[Callable[[], object]] = []
        conn.execute("PRAGMA recursive_triggers = on")  # as sqlite-utils sets it

    def after_commit(self, action: Callable[[], object]) -> None:
        """Run ``action`` once what was written so far is committed: now, outside a
        transaction; after the outermost :meth:`atomic` commits, inside one (dropped
        if it rolls back). For records kept outside the file (the audit anchor)."""
        if self.conn.in_transaction:
            self._after_commit.append(action)
        else:
            action()

    def execute(self, sql: str, parameters: Sequence | dict[str, Any] | None = None):
        return self.conn.execute(sql, parameters if parameters is not None else ())

    def executescript(self, sql: str) -> sqlite3.Cursor:
        if self.conn.in_transaction:  # sqlite3's executescript would COMMIT first
            return self.utils.executescript(sql)
        return self.conn.executescript(sql)

    def query(
        self, sql: str, params: Sequence | dict[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Rows as dictionaries (column name -> value)."""
        cursor = self.conn.execute(sql, params if params is not None else ())
        keys = [d[0] for d in cursor.description or ()]
        return (dict(zip(keys, row, strict=True)) for row in cursor)

    @contextlib.contextmanager
    def atomic(self, *, immediate: bool = False) -> Iterator[Database]:
        """One transaction; nested blocks are savepoints (as sqlite-utils' ``atomic``).
        ``immediate`` takes the write lock at once (waiting up to busy_timeout), so
        what the block reads cannot change before it writes (a compare-and-save)."""
        if self.conn.in_transaction:
            name = f"imr_{next(_savepoints)}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:  # a RAISE(ROLLBACK) may have ended it
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException:
            self._after_commit.clear()
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            action()

    @staticmethod
    def quote_fts(query: str) -> str:
        """Any text as a safe FTS5 query: every token quoted (sqlite-utils' rule)."""
        if query.count('"') % 2:
            query += '"'
        bits = [b for b in _FTS_SPLIT.split(query) if b and b != '""']
        return " ".join(b if b.startswith('"') else f'"{b}"' for b in bits)

    def close(self) -> None:
        self.conn.close()

    @property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils' Database on this connection, made (and imported) on first use."""
        if self._utils is None:
            import sqlite_utils

            # No third-party sqlite-utils plugins inside a file of patient data.
            self._utils = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._utils

    def __getitem__(self, table: str) -> Any:
        return self.utils[table]

    def __getattr__(self, name: str) -> Any:
        # Everything else sqlite-utils offers (table(), enable_wal(), tables ...).
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.utils, name)


def plain_connect(path: Path) -> sqlite3.Connection:
    # check_same_thread stays on: a connection belongs to the thread that made it.
    return sqlite3.connect(str(path), isolation_level=None)


MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' record of applied steps


@dataclass(frozen=True)
class Step:
    name: str
    fn: Callable[[Any], None]
    transactional: bool = True


@dataclass(frozen=True)
class AppliedStep:
    name: str
    applied_at: str


class Migrations:
    """A named set of forward-only schema steps, declared as sqlite-utils' are::

        steps = Migrations("imr_desktop.cases")

        @steps()
        def m001_initial(db: sqlite_utils.Database) -> None: ...

    and recorded in the same table, so files written before this class are read
    as they were. Each step receives a ``sqlite_utils.Database``; sqlite-utils is
    imported only when a step is pending."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[Step] = []

    def __call__(
        self, *, name: str | None = None, transactional: bool = True
    ) -> Callable[[Callable], Callable]:
        def register(fn: Callable) -> Callable:
            step = name or fn.__name__
            if any(m.name == step for m in self._migrations):
                raise ValueError(f"step {step!r} is already in the set {self.name!r}")
            self._migrations.append(Step(step, fn, transactional))
            return fn

        return register

    def applied(self, db: Database | sqlite_utils.Database) -> list[AppliedStep]:
        """The steps recorded as applied, in the order they were (a read only)."""
        conn = db.conn
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
        ).fetchone()
        if not exists:
            return []
        rows = conn.execute(
            f"SELECT name, applied_at FROM {MIGRATIONS_TABLE} WHERE migration_set = ? "
            "ORDER BY rowid",
            [self.name],
        ).fetchall()
        return [AppliedStep(str(n), str(at)) for n, at in rows]

    def pending(self, db: Database | sqlite_utils.Database) -> list[Step]:
        done = {m.name for m in self.applied(db)}
        return [m for m in self._migrations if m.name not in done]

    def apply(
        self,
        db: Database | sqlite_utils.Database,
        *,
        stop_before: str | Iterable[str] | None = None,
    ) -> None:
        """Apply the pending steps, each in a transaction with its record
        (sqlite-utils' ``Migrations.apply``, which runs them)."""
        if stop_before is None and not self.pending(db):
            return
        from sqlite_utils.migrations import Migrations as UtilsMigrations

        steps = UtilsMigrations(self.name)
        for m in self._migrations:
            steps(name=m.name, transactional=m.transactional)(m.fn)
        steps.apply(db.utils if isinstance(db, Database) else db, stop_before=stop_before)


def open_database(
    path: Path,
    migrations: Sequence[Migrations],
    *,
    connect: Connector = plain_connect,
    check_integrity: bool = False,
    before_migrate: Callable[[Database], object] | None = None,
) -> Database:
    """Open (creating if needed) ``path``, check it, and apply pending migrations.

    ``migrations`` are applied set by set, in order; each area of the app owns its
    set (core cases, records, ...) so steps never collide."""
    path = Path(path)
    is_new = not path.exists()
    if is_new:
        # Create the file owner-only before SQLite writes a byte of it.
        try:
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise unusable_folder(path.parent, f"create {path.name}", exc) from exc
    else:
        _restrict_mode(path)
    try:
        db = Database(connect(path))
        db.execute("PRAGMA busy_timeout = 5000")
        if check_integrity and not is_new:
            result = db.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise CorruptDatabaseError(
                    f"{path.name} failed its integrity check ({result[:120]}); "
                    "it has not been changed"
                )
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = wal")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        _refuse_unknown_sets(db, migrations, path)
        for step_set in migrations:
            _refuse_newer(db, step_set, path)
        if before_migrate is not None and not is_new and any(s.pending(db) for s in migrations):
            before_migrate(db)  # e.g. a backup: an upgrade never runs without one
        for step_set in migrations:
            step_set.apply(db)
    except sqlite3.DatabaseError as exc:
        from imr_desktop.paths import folder_problem

        if folder_problem(path.parent) is not None:  # the folder, not the file
            raise unusable_folder(path.parent, f"open {path.name}", exc) from exc
        raise CorruptDatabaseError(
            f"{path.name} cannot be read as a database ({exc}); it has not been changed"
        ) from exc
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            _restrict_mode(side)
    return db


def _restrict_mode(path: Path) -> None:
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError:
        pass  # a read-only folder is reported by the first write, with a clearer message


def _refuse_newer(db: Database, migrations: Migrations, path: Path) -> None:
    known = {m.name for m in migrations._migrations}
    applied = {m.name for m in migrations.applied(db)}
    unknown = applied - known
    if unknown:
        raise NewerSchemaError(
            f"{path.name} was written by a newer version of IMR Desktop "
            f"(schema steps {', '.join(sorted(unknown))}); update the app to open it. "
            "The file has not been changed."
        )


def _refuse_unknown_sets(db: Database, migrations: Sequence[Migrations], path: Path) -> None:
    """A set of steps this version does not have at all (a part of a newer version)
    is refused like an unknown step of a known set."""
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    if not exists:
        return
    known = {m.name for m in migrations}
    found = {
        str(r[0]) for r in db.execute(f"SELECT DISTINCT migration_set FROM {MIGRATIONS_TABLE}")
    }
    unknown = found - known
    if unknown:
        raise NewerSchemaError(
            f"{path.name} was written by a newer version of IMR Desktop (schema steps of "
            f"{', '.join(sorted(unknown))}, which this version does not have); update the "
            "app to open it. The file has not been changed."
        )
