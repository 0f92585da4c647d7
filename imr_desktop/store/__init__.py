"""Persistence of cases (``cases.db``) through sqlite-utils. No Qt here."""

from .audit import AuditEntry, AuditLog
from .case_store import (
    CASES_DB,
    CaseFinalizedError,
    CaseNotFoundError,
    CaseStore,
    DuplicateCaseError,
    RevisionInfo,
)
from .database import CorruptDatabaseError, NewerSchemaError, StoreError, open_database

__all__ = [
    "CASES_DB",
    "AuditEntry",
    "AuditLog",
    "CaseFinalizedError",
    "CaseNotFoundError",
    "CaseStore",
    "CorruptDatabaseError",
    "DuplicateCaseError",
    "NewerSchemaError",
    "RevisionInfo",
    "StoreError",
    "open_database",
]
