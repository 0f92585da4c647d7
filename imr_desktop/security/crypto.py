"""Encryption at rest for ``cases.db``: SQLCipher, a random key, a passphrase.

The database is encrypted by SQLCipher 4 (AES-256 pages, HMAC-SHA512 per page)
under a random 256-bit key. That key is never written to disk in the clear:
``cases.key`` beside the database holds it wrapped with AES-256-GCM under a key
derived from the reviewer's passphrase by scrypt (``cryptography`` and
``hashlib``; nothing here is home-made). The recovery key shown once at set-up is
the database key itself, spelled in base32, so it opens ``cases.db`` even if
``cases.key`` is lost. Changing the passphrase re-keys the file (``PRAGMA rekey``)
and issues a new recovery key. See docs/security.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from imr_desktop.atomic import atomic_write_text
from imr_desktop.database import CorruptDatabaseError, StoreError

KEY_FILE = "cases.key"
PENDING_KEY_FILE = "cases.key.new"  # written before a re-key, renamed after it
KEY_FORMAT = "imr-desktop-key/1"
PLAIN_HEADER = b"SQLite format 3\x00"
PASSPHRASE_ENV = "IMR_DESKTOP_PASSPHRASE"
MIN_PASSPHRASE_CHARS = 8

# SQLCipher 4 defaults but for the page MAC: HMAC-SHA256 is as sound here and, with
# the CPU's SHA extensions, makes encrypted writes ~30% cheaper than HMAC-SHA512.
# Every file this app encrypts uses it (a recovery key alone must open the file).
HMAC_ALGORITHM = "HMAC_SHA256"

# scrypt cost: ~0.1 s and 32 MiB here; stored per key file so it can be raised later.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_MAXMEM = 256 * 1024 * 1024


class EncryptionError(StoreError):
    """Something about the encryption of the data folder; the message is for the reviewer."""


class PassphraseRequiredError(EncryptionError):
    pass


class WrongPassphraseError(EncryptionError):
    pass


class EncryptionUnavailableError(EncryptionError):
    pass


@dataclass(frozen=True)
class DatabaseKey:
    """A 256-bit SQLCipher key. Its repr never shows the bytes."""

    raw: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.raw) != 32:
            raise ValueError("a database key is 32 bytes")

    @classmethod
    def generate(cls) -> DatabaseKey:
        return cls(secrets.token_bytes(32))

    def pragma_literal(self) -> str:
        # SQLCipher's raw-key form: no PBKDF2 at open, the key is already random.
        return f"\"x'{self.raw.hex()}'\""

    def recovery_code(self) -> str:
        text = base64.b32encode(self.raw).decode("ascii").rstrip("=")
        return "-".join(text[i : i + 4] for i in range(0, len(text), 4))

    @classmethod
    def from_recovery_code(cls, code: str) -> DatabaseKey:
        text = "".join(ch for ch in code.upper() if ch.isalnum())
        text = text.replace("0", "O").replace("1", "I").replace("8", "B")
        try:
            raw = base64.b32decode(text + "=" * (-len(text) % 8))
            return cls(raw)
        except (ValueError, base64.binascii.Error):  # type: ignore[attr-defined]
            raise WrongPassphraseError(
                "That is not a recovery key: it has 13 groups of 4 letters and digits."
            ) from None


# --- the SQLCipher driver ------------------------------------------------------------


def _driver():
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:  # pragma: no cover - the wheel is a dependency
        raise EncryptionUnavailableError(
            "cases.db is encrypted but this installation lacks SQLCipher (sqlcipher3)"
        ) from exc
    _bridge_exceptions(dbapi2)
    return dbapi2


def _bridge_exceptions(dbapi2) -> None:
    """Make sqlcipher3's exceptions also the stdlib's, once, so every ``except
    sqlite3.OperationalError`` in the app and in sqlite-utils still catches them."""
    if issubclass(dbapi2.DatabaseError, sqlite3.DatabaseError):
        return
    # Error and Warning themselves cannot take a second base (their layouts differ);
    # every error SQLCipher actually raises is one of these subclasses.
    for name in (
        "InterfaceError",
        "DatabaseError",
        "DataError",
        "OperationalError",
        "IntegrityError",
        "InternalError",
        "ProgrammingError",
        "NotSupportedError",
    ):
        mine = getattr(dbapi2, name)
        mine.__bases__ = (*mine.__bases__, getattr(sqlite3, name))


def sqlcipher_open(path: Path, key: DatabaseKey) -> sqlite3.Connection:
    """A connection to ``path`` keyed with ``key``; raises WrongPassphraseError if the
    key does not open it (SQLCipher only says "file is not a database")."""
    dbapi2 = _driver()
    conn = dbapi2.connect(str(path), isolation_level=None)
    try:
        # SQLCipher logs HMAC failures to stderr by default; the message we raise says it.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key.pragma_literal()}")
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {HMAC_ALGORITHM}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            raise WrongPassphraseError(
                f"The key does not open {Path(path).name}: the passphrase or recovery key "
                "is not the one it was encrypted with, or the file is damaged."
            ) from None
        raise
    return conn


class SqlcipherConnector:
    """The ``connect`` function for :func:`open_database`; the key lives in memory
    only and is swapped in place after a passphrase change, so workers that open
    their own connection keep working."""

    def __init__(self, key: DatabaseKey) -> None:
        self.key = key

    def __call__(self, path: Path) -> sqlite3.Connection:
        return sqlcipher_open(path, self.key)

    def __repr__(self) -> str:
        return "SqlcipherConnector(<key hidden>)"


def is_encrypted(db_path: Path) -> bool:
    """A non-empty file that does not start with SQLite's plain header."""
    try:
        with open(db_path, "rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        return False
    return bool(head) and head != PLAIN_HEADER


# --- the key file ----------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _passphrase_bytes(passphrase: str) -> bytes:
    """UTF-8; a passphrase from the environment that was not UTF-8 keeps its own bytes
    (Python hands such bytes over as surrogates)."""
    try:
        return passphrase.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return passphrase.encode("utf-8", "surrogatepass")


def _kek(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        _passphrase_bytes(passphrase),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=SCRYPT_MAXMEM,
        dklen=32,
    )


def wrap_key(key: DatabaseKey, passphrase: str) -> str:
    """The key file's text: ``key`` sealed under ``passphrase``."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    kek = _kek(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    sealed = AESGCM(kek).encrypt(nonce, key.raw, KEY_FORMAT.encode())
    doc = {
        "format": KEY_FORMAT,
        "cipher": f"sqlcipher4 raw key, {HMAC_ALGORITHM}; wrapped with AES-256-GCM",
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
        "nonce": _b64(nonce),
        "wrapped_key": _b64(sealed),
    }
    return json.dumps(doc, indent=1) + "\n"


def unwrap_key(text: str, passphrase: str) -> DatabaseKey:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        doc = json.loads(text)
        if doc.get("format") != KEY_FORMAT:
            raise ValueError(doc.get("format"))
        kdf = doc["kdf"]
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(doc["nonce"], validate=True)
        sealed = base64.b64decode(doc["wrapped_key"], validate=True)
        n, r, p = (_whole_number(kdf[name]) for name in ("n", "r", "p"))
        _check_kdf(n, r, p, salt, nonce)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise damaged_key_file() from None
    try:
        raw = AESGCM(_kek(passphrase, salt, n, r, p)).decrypt(nonce, sealed, KEY_FORMAT.encode())
    except InvalidTag:
        raise WrongPassphraseError("Wrong passphrase.") from None
    except (ValueError, MemoryError):  # scrypt refused the parameters after all
        raise damaged_key_file() from None
    try:
        return DatabaseKey(raw)
    except ValueError:
        raise damaged_key_file() from None


def damaged_key_file() -> EncryptionError:
    return EncryptionError(
        f"{KEY_FILE} is damaged or from an unknown version; unlock with the recovery key"
    )


def _whole_number(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("not a whole number")
    return value


def _check_kdf(n: int, r: int, p: int, salt: bytes, nonce: bytes) -> None:
    """scrypt parameters a key file of this app can hold: n a power of two, the
    memory scrypt needs within its cap, a 16-byte salt and a 12-byte nonce. Anything
    else is a damaged or forged file, not a reason to hang or crash."""
    if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        raise ValueError("out of range")
    if 128 * r * (n + p + 2) > SCRYPT_MAXMEM or len(salt) != 16 or len(nonce) != 12:
        raise ValueError("out of range")


def has_key_file(data_dir: Path) -> bool:
    return (Path(data_dir) / KEY_FILE).exists() or (Path(data_dir) / PENDING_KEY_FILE).exists()


def unlock(
    data_dir: Path,
    db_path: Path,
    passphrase: str,
    *,
    accept: Callable[[DatabaseKey], bool] | None = None,
) -> DatabaseKey:
    """The database key for ``passphrase``, checked against ``db_path``.

    A passphrase change leaves ``cases.key.new`` until it is done; whichever file's
    key opens the database wins, or, while a change is unfinished, a key ``accept``
    says belongs to it (see key_change.py, which then finishes the change)."""
    data_dir = Path(data_dir)
    candidates = [data_dir / KEY_FILE, data_dir / PENDING_KEY_FILE]
    present = [c for c in candidates if c.exists()]
    if not present:
        raise EncryptionError(
            f"{db_path.name} is encrypted but {KEY_FILE} is missing; unlock with the recovery key"
        )
    errors: list[StoreError] = []
    for key_file in present:
        try:
            key = unwrap_key(key_file.read_text(encoding="utf-8"), passphrase)
        except EncryptionError as exc:
            errors.append(exc)
            continue
        try:
            sqlcipher_open(db_path, key).close()
        except WrongPassphraseError:
            if accept is not None and accept(key):
                return key
            if key_file.name == PENDING_KEY_FILE:
                errors.append(
                    WrongPassphraseError(
                        "That is the passphrase of a change that was interrupted before it "
                        "took effect; use the previous passphrase."
                    )
                )
                continue
            errors.append(
                CorruptDatabaseError(
                    f"The passphrase is right but its key does not open {db_path.name}: the "
                    "file is damaged or was replaced. It has not been changed; restore a "
                    "backup or unlock with the recovery key."
                )
            )
            continue
        if key_file.name == PENDING_KEY_FILE and accept is None:
            # A change by an earlier version, interrupted after its re-key.
            os.replace(key_file, data_dir / KEY_FILE)
        return key
    # A damaged file says more than "wrong passphrase" when both were seen, and an
    # interrupted change's passphrase more than a plain "wrong".
    raise next((e for e in errors if not isinstance(e, WrongPassphraseError)), errors[-1])


def check_passphrase(data_dir: Path, passphrase: str) -> bool:
    """For the lock screen: does ``passphrase`` unwrap this folder's key?"""
    try:
        unwrap_key((Path(data_dir) / KEY_FILE).read_text(encoding="utf-8"), passphrase)
    except (EncryptionError, OSError):
        return False
    return True


def write_key_file(data_dir: Path, key: DatabaseKey, passphrase: str, *, pending=False) -> Path:
    target = Path(data_dir) / (PENDING_KEY_FILE if pending else KEY_FILE)
    atomic_write_text(target, wrap_key(key, passphrase))
    return target


# --- passphrases -------------------------------------------------------------------------


def recovery_notice(code: str, *, changed: bool = False) -> str:
    """The recovery key as a terminal shows it (command line, smoke test); ``changed``:
    the new one of a passphrase change, shown before the change depends on it."""
    first = (
        "The new recovery key (the old one stops working once the change is done) opens "
        "cases.db\nif the passphrase is forgotten;"
        if changed
        else "cases.db is encrypted. Its recovery key opens it if the passphrase is forgotten;"
    )
    return (
        f"{first}\nit is shown only now. Write it down and keep it apart from this computer:\n\n"
        f"    {code}\n"
    )


def passphrase_problem(passphrase: str, confirmation: str | None = None) -> str | None:
    """Why a new passphrase is refused, or None."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        return f"Use at least {MIN_PASSPHRASE_CHARS} characters."
    if confirmation is not None and confirmation != passphrase:
        return "The two passphrases differ."
    return None


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """A rough 0-4 score and a hint (length matters most; no word lists here)."""
    classes = sum(
        any(test(ch) for ch in passphrase)
        for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    words = len(passphrase.split())
    n = len(passphrase)
    score = 0 if n < MIN_PASSPHRASE_CHARS else 1
    if n >= 12 and classes >= 2:
        score = 2
    if n >= 16 and (classes >= 3 or words >= 4):
        score = 3
    if n >= 22 and (classes >= 3 or words >= 5):
        score = 4
    hints = {
        0: f"Too short: at least {MIN_PASSPHRASE_CHARS} characters.",
        1: "Weak: a longer phrase of several unrelated words is stronger.",
        2: "Fair: add another word or two.",
        3: "Good.",
        4: "Strong.",
    }
    return score, hints[score]


def read_passphrase_file(path: Path) -> str:
    """The first line of ``path`` (as restic/borg read a password file)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EncryptionError(
            f"cannot read the passphrase file {path}: {exc.__class__.__name__}"
        ) from None
    line = text.splitlines()[0] if text else ""
    if not line:
        raise EncryptionError(f"the passphrase file {path} is empty")
    return line


# --- re-keying and encrypting a plain file ---------------------------------------------


def rekey_connection(conn: sqlite3.Connection, new_key: DatabaseKey) -> None:
    """Re-encrypt every page of the open database under ``new_key`` (one transaction
    inside SQLCipher: the file is under the old key or the new one, never half)."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute(f"PRAGMA rekey = {new_key.pragma_literal()}")


def rekey_file(path: Path, old_key: DatabaseKey, new_key: DatabaseKey) -> None:
    conn = sqlcipher_open(path, old_key)
    try:
        rekey_connection(conn, new_key)
    finally:
        conn.close()


def encrypt_plain_file(plain_path: Path, encrypted_path: Path, key: DatabaseKey) -> None:
    """Write an encrypted copy of the plain SQLite file ``plain_path`` (SQLCipher's
    ``sqlcipher_export``), schema version included, and check it opens."""
    dbapi2 = _driver()
    encrypted_path = Path(encrypted_path)
    encrypted_path.unlink(missing_ok=True)
    fd = os.open(encrypted_path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    conn = dbapi2.connect(str(plain_path), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(
            f"ATTACH DATABASE ? AS encrypted KEY {key.pragma_literal()}", [str(encrypted_path)]
        )
        conn.execute(f"PRAGMA encrypted.cipher_hmac_algorithm = {HMAC_ALGORITHM}")
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    check = sqlcipher_open(encrypted_path, key)
    try:
        result = check.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        encrypted_path.unlink(missing_ok=True)
        raise EncryptionError("the encrypted copy failed its check; the plain file is unchanged")


# --- files beside the database (the case file's PDFs) --------------------------------

RECORD_MAGIC = b"IMRREC1\x00"


def file_sealer(key: DatabaseKey) -> tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]:
    """``(seal, open)`` for files kept beside an encrypted cases.db: AES-256-GCM under a
    subkey of the database key (HKDF-SHA256), a fresh nonce per file. ``open`` passes
    through a file that is not sealed (attached before encryption was turned on)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    subkey = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"imr-desktop record files"
    ).derive(key.raw)
    aead = AESGCM(subkey)

    def seal(data: bytes) -> bytes:
        nonce = secrets.token_bytes(12)
        return RECORD_MAGIC + nonce + aead.encrypt(nonce, data, RECORD_MAGIC)

    def open_(data: bytes) -> bytes:
        if not data.startswith(RECORD_MAGIC):
            return data
        body = data[len(RECORD_MAGIC) :]
        return aead.decrypt(body[:12], body[12:], RECORD_MAGIC)

    return seal, open_
