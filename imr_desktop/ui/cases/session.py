"""The case being edited: the in-memory draft, its undo stack and its autosave.

Every change goes through here, so that undo, autosave and the "last saved" line
see the same thing:
- typing in a field -> :meth:`set_text` (one undo step per burst of typing);
- a structured change (decide, cite, add/move/remove an item) -> :meth:`apply`
  with a pure function from ``model.edits`` (one undo step each).
Autosave runs ~1 s after the last change (at most 1.5 s after the first unsaved
one, so continuous typing is saved too), on switching item or case and on close; each
save is one transaction in the store. A failed save keeps the draft in memory,
says why, and retries on the next change.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from imr_desktop.model import Case, copy_case
from imr_desktop.model.edits import (
    changed_span,
    field_name,
    get_field,
    parse_item_path,
    set_field,
)

from .undo_keys import UndoKeys

if TYPE_CHECKING:
    from imr_desktop.cases.store import CaseStore

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 1000
# A reviewer who never pauses still gets a save this often: a crash loses < 2 s.
AUTOSAVE_MAX_WAIT_MS = 1500
TYPING_MERGE_SECONDS = 1.5  # keystrokes closer than this undo together


class _SnapshotCommand(QUndoCommand):
    """A structured edit: the whole case before and after (cases are small)."""

    def __init__(self, session: CaseSession, text: str, before: Case, after: Case) -> None:
        super().__init__(text)
        self.session = session
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.session._replace_case(copy_case(self.after))

    def undo(self) -> None:
        self.session._replace_case(copy_case(self.before))


class _TextCommand(QUndoCommand):
    """A value typed or chosen in one field. A burst of typing at one place is one
    step: keystrokes less than 1.5 s apart, each one character typed or deleted
    where the last one left off (a paste, typing over a selection or a jump to
    another place starts a new step). Named in the window's words: "typing in
    Request, item 1", "Patient sex"."""

    MERGE_ID = 0x1A7

    def __init__(
        self, session: CaseSession, path: str, old: Any, new: Any, typing: bool = True
    ) -> None:
        super().__init__(f"typing in {field_name(path)}" if typing else field_name(path))
        self.session = session
        self.path = path
        self.old = old
        self.new = new
        self.at = time.monotonic()
        self._first_redo = True
        # Where the text's last keystroke left the caret (None: not a keystroke).
        key = _keystroke(old, new)
        self.caret = key[1] if key else None

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _TextCommand) or other.path != self.path:
            return False
        if other.at - self.at > TYPING_MERGE_SECONDS:
            return False
        if isinstance(self.new, str) or isinstance(other.new, str):
            key = _keystroke(other.old, other.new)
            touched = key[0] if key else ()
            # typed or deleted forward at the caret, or deleted back from it
            if self.caret is None or self.caret not in touched:
                return False
            self.caret = key[1] if key else None
        self.new = other.new
        self.at = other.at
        return True

    def redo(self) -> None:
        if self._first_redo:  # the widget already shows the text
            self._first_redo = False
            return
        self.session._set_and_announce(self.path, self.new)

    def undo(self) -> None:
        self.session._set_and_announce(self.path, self.old)


def _keystroke(old: Any, new: Any) -> tuple[tuple[int, int], int] | None:
    """For a change of at most one character (typed, deleted or overtyped): where it
    touched the old text (start, end) and where the caret is after it. An empty
    optional field holds None."""
    old, new = ("" if old is None else old), ("" if new is None else new)
    if not isinstance(old, str) or not isinstance(new, str):
        return None
    start, new_end, old_end = changed_span(old, new)
    if new_end - start > 1 or old_end - start > 1:
        return None
    return (start, old_end), new_end


class CaseSession(QObject):
    caseOpened = Signal()
    caseChanged = Signal()  # any change to the draft
    caseReplaced = Signal()  # structure changed (undo/redo, items): widgets reload
    fieldChanged = Signal(str)  # one field changed by undo/redo: that widget reloads
    currentItemChanged = Signal(int)
    saved = Signal(str)
    saveFailed = Signal(str)
    readOnlyChanged = Signal(bool)
    # What else the QA rules read changed: the case's attached records, the profile.
    recordsChanged = Signal()
    profileChanged = Signal()
    # Another program (a command beside the window) changed the open case: what the
    # window did about it, in words for the status bar.
    externalChange = Signal(str)
    # Another program wrote to cases.db (anything: the case, its records, another
    # case): what a feature shows from it may be stale.
    storeChangedOutside = Signal()

    def __init__(
        self,
        store: CaseStore | None,
        parent: QObject | None = None,
        autosave_ms: int = AUTOSAVE_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self.store = store  # None until the window attaches the opened data folder
        self.case: Case | None = None
        self.case_id: int | None = None
        self.current_item_index: int | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_keys = UndoKeys(self.undo_stack, self)  # the standard keys, in every field
        self.dirty = False
        # The case as stored when last read or saved, and its version: a save never
        # overwrites what another program wrote since (it is merged in first).
        self.base: Case | None = None
        self.base_version: str | None = None
        self.last_saved: str | None = None
        self._autosave_ms = autosave_ms
        self._dirty_since: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(autosave_ms)
        self._timer.timeout.connect(self._autosave)

    # --- opening -----------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.case is not None and self.case.is_final

    def open_case(self, case_id: int) -> None:
        if case_id == self.case_id or self.store is None:
            return
        self.flush()
        self.case = self.store.load(case_id)
        self.case_id = case_id
        self._mark_stored()
        self.undo_stack.clear()
        self.dirty = False
        self.current_item_index = 0 if self.case.items else None
        self.store.audit.append("opened", self.case.case_number)
        self.caseOpened.emit()
        self.readOnlyChanged.emit(self.read_only)
        self.currentItemChanged.emit(
            -1 if self.current_item_index is None else self.current_item_index
        )

    def reload(self) -> None:
        """Read the case again from the store (after finalize, reopen, restore)."""
        if self.case_id is None or self.store is None:
            return
        self.case = self.store.load(self.case_id)
        self._mark_stored()
        self.undo_stack.clear()
        self.dirty = False
        if self.current_item_index is not None and self.current_item_index >= len(self.case.items):
            self.current_item_index = len(self.case.items) - 1 if self.case.items else None
        self.caseReplaced.emit()
        self.caseChanged.emit()
        self.readOnlyChanged.emit(self.read_only)

    def close_case(self) -> None:
        self.flush()
        self.case = None
        self.case_id = None
        self.current_item_index = None
        self.undo_stack.clear()
        self.caseOpened.emit()

    def select_item(self, index: int | None) -> None:
        if index == self.current_item_index:
            return
        self.flush()  # switching item saves, as switching case does
        self.current_item_index = index
        self.currentItemChanged.emit(-1 if index is None else index)

    # --- editing -----------------------------------------------------------------

    def set_text(self, path: str, value: Any, *, typing: bool = True) -> None:
        """A value typed (``typing``) or chosen in a field, already shown by its widget."""
        if self.case is None or self.read_only:
            return
        old = get_field(self.case, path)
        if old == value or (value == "" and old is None):  # an empty optional field
            return
        set_field(self.case, path, value)
        self.undo_stack.push(_TextCommand(self, path, old, value, typing))
        self._changed()

    def apply(self, description: str, mutate: Callable[[Case], Any]) -> Any:
        """Run ``mutate`` on the draft as one undoable step; returns its result."""
        if self.case is None or self.read_only:
            return None
        before = copy_case(self.case)
        working = copy_case(self.case)
        result = mutate(working)
        if working == before:
            return result
        self.undo_stack.push(_SnapshotCommand(self, description, before, working))
        return result

    def _replace_case(self, case: Case) -> None:
        self.case = case
        if self.current_item_index is not None and self.current_item_index >= len(case.items):
            self.current_item_index = len(case.items) - 1 if case.items else None
        self.caseReplaced.emit()
        self._changed()

    def _set_and_announce(self, path: str, value: Any) -> None:
        """Undo or redo of one field: its item comes into view first, then the value
        changes, so the editor can put the cursor where the change is."""
        assert self.case is not None
        item_path = parse_item_path(path)
        if item_path is not None and item_path[0] != self.current_item_index:
            self.select_item(item_path[0])
        set_field(self.case, path, value)
        self.fieldChanged.emit(path)
        self._changed()

    def _changed(self) -> None:
        now = time.monotonic()
        if not self.dirty or self._dirty_since is None:
            self._dirty_since = now
        self.dirty = True
        # Debounce, but never past the max wait counted from the first unsaved change.
        left_ms = AUTOSAVE_MAX_WAIT_MS - (now - self._dirty_since) * 1000
        self._timer.start(max(0, int(min(self._autosave_ms, left_ms))))
        self.caseChanged.emit()

    # --- saving ------------------------------------------------------------------

    def _autosave(self) -> None:
        self.save_now("autosave")

    def flush(self) -> bool:
        """Save now if anything is unsaved; True when the draft is safely stored."""
        self._timer.stop()
        if self.dirty:
            return self.save_now("autosave")
        return True

    def save_now(self, reason: str = "saved") -> bool:
        if self.case is None or self.case_id is None or self.store is None or self.read_only:
            return True
        from imr_desktop.cases.store import CaseChangedElsewhereError
        from imr_desktop.database import StoreError  # loaded long before a draft exists

        self._timer.stop()
        try:
            try:
                self.last_saved = self.store.save(
                    self.case_id, self.case, reason=reason, expected_version=self.base_version
                )
            except CaseChangedElsewhereError:
                if not self._merge_external() or self.read_only:
                    return True
                self.last_saved = self.store.save(
                    self.case_id, self.case, reason=reason, expected_version=self.base_version
                )
        except (StoreError, sqlite3.Error, OSError) as exc:
            # The draft stays in memory and dirty; the next change retries.
            log.warning("save of case id %s failed: %s", self.case_id, type(exc).__name__)
            self.saveFailed.emit(_save_failure_message(exc))
            return False
        self.dirty = False
        self._dirty_since = None
        self._mark_stored()
        self.saved.emit(self.last_saved)
        return True

    # --- another program's changes ----------------------------------------------------

    def _mark_stored(self) -> None:
        assert self.store is not None and self.case_id is not None and self.case is not None
        self.base = copy_case(self.case)
        self.base_version = self.store.version(self.case_id)

    def check_external(self) -> None:
        """Another program wrote to cases.db: if it changed the open case, show its
        version (no unsaved edits) or merge it with the draft, and say so."""
        if self.store is None or self.case_id is None or self.case is None:
            return
        if self.store.version(self.case_id) == self.base_version:
            return
        if not self.dirty:
            self.reload()
            self.externalChange.emit(
                f"{self.case.case_number} was changed outside this window (by a command); "
                "it shows that version now."
            )
            return
        if self._merge_external():
            self.save_now("autosave")

    def _merge_external(self) -> bool:
        """Fold the stored version into the draft (a three-way merge from the version
        both started at); False when the draft could not be kept (now final)."""
        from imr_desktop.model.merge import merge_cases

        assert self.store is not None and self.case_id is not None and self.case is not None
        theirs = self.store.load(self.case_id)
        number = theirs.case_number
        if theirs.is_final:
            self.reload()
            self.externalChange.emit(
                f"{number} was finalized outside this window; the edits made here since the "
                "last save could not be kept (reopen the case to edit it)."
            )
            return False
        merged, conflicts = merge_cases(self.base or theirs, self.case, theirs)
        self.base, self.base_version = copy_case(theirs), self.store.version(self.case_id)
        # Undo steps hold whole cases from before the merge: undoing one would drop
        # the other program's change again, so the history starts here.
        self.undo_stack.clear()
        self._replace_case(merged)
        message = f"{number} was also changed outside this window; both changes are kept."
        if conflicts:
            fields = ", ".join(conflicts[:4]) + (" …" if len(conflicts) > 4 else "")
            message = (
                f"{number} was also changed outside this window. Where both changed the same "
                f"field ({fields}) your version is kept; the other is in Case ▸ History."
            )
        log.info("case %s merged with a change made outside the window", number)
        self.externalChange.emit(message)
        return True


def _save_failure_message(exc: BaseException) -> str:
    from imr_desktop.database import StoreError

    text = str(exc)
    if "disk is full" in text or getattr(exc, "errno", None) == 28:
        return "Not saved: the disk is full. Your draft is kept in the window; free some space."
    if "readonly" in text or "read-only" in text:
        return "Not saved: the data folder is read-only. Your draft is kept in the window."
    if isinstance(exc, StoreError):
        return f"Not saved: {text}"
    return f"Not saved ({type(exc).__name__}). Your draft is kept in the window."
