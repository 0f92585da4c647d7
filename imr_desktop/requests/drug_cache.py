"""The maintained drug dictionary's names, reduced to ours (name -> generics), kept in
the user's cache folder.

Reading the pinned file (bz2, unpickling) and reducing its ~107,000 names takes
~0.6 s; the cache loads in a fraction of a millisecond. It is named after the pinned
file, ``drugs.py``'s and this module's code and our ``drugs.json``, so a new release
of any of them builds it anew. marshal, as Python's own __pycache__ files: loading it
runs nothing.

The file is a header (after its length), then the names in 256 buckets. The header
holds the identity of the pinned file the names were read from (:func:`file_identity`:
while it is unchanged, its SHA-256 need not be computed again at every start; any
change and it is checked again before anything is read from it), each bucket's size
and, for each class of generics, the words that name its drugs (:func:`class_words`).
Opening reads the header alone; a bucket is read and unmarshalled when a lookup
first needs it: a command that checks one letter looks up a few dozen names, or
none (the QA first asks whether a request can name an opioid at all), and reading
all ~95,000 names was most of what an ``export`` spent on QA.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import threading
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from imr_desktop import paths

log = logging.getLogger(__name__)

BUCKETS = 256
_LENGTH = 8  # bytes of the header's length, before it


def bucket_of(name: str) -> int:
    return zlib.crc32(name.encode()) % BUCKETS  # the same in every process


def class_words(
    names: Mapping[str, Sequence[str]], generic_classes: Mapping[str, str]
) -> dict[str, frozenset[tuple[str, ...]]]:
    """For each class of generics, words of every name (``"tylenol with codeine"``)
    of a drug of that class: the word of four letters or more that the fewest names
    share ("codeine"), else all its words ("cod ine"). A name is read whole or not at
    all, so a request that names a drug of the class holds these words: a request
    that holds none of a class's names' words names no drug of it."""
    counts = Counter(word for name in names for word in set(name.split()))
    out: dict[str, set[tuple[str, ...]]] = {}
    for name, generics in names.items():
        words = name.split()
        classes = {generic_classes[g] for g in generics if g in generic_classes}
        if not words or not classes:
            continue
        telling = [w for w in words if len(w) >= 4 and not w.isdigit()]
        found = (min(telling, key=lambda w: (counts[w], -len(w), w)),) if telling else tuple(words)
        for cls in classes:
            out.setdefault(cls, set()).add(found)
    return {cls: frozenset(found) for cls, found in out.items()}


class CachedNames(Mapping[str, tuple[str, ...]]):
    """The cached names, a bucket read from the open file on first use."""

    def __init__(
        self,
        file: BinaryIO,
        start: int,
        sizes: list[int],
        words: dict[str, frozenset[tuple[str, ...]]],
        source: tuple,
    ) -> None:
        self.class_words = words
        self.source = source  # the identity of the pinned file they were read from
        self._file = file
        self._lock = threading.Lock()
        self._spans: list[tuple[int, int]] = []
        for size in sizes:
            self._spans.append((start, size))
            start += size
        self._read: list[dict[str, tuple[str, ...]] | None] = [None] * len(sizes)

    def _part(self, index: int) -> dict[str, tuple[str, ...]]:
        part = self._read[index]
        if part is None:
            with self._lock:  # the window looks names up from two threads
                part = self._read[index]
                if part is None:
                    part = self._read[index] = self._load(index)
                    if all(p is not None for p in self._read):
                        self._file.close()  # every bucket is in memory
        return part

    def _load(self, index: int) -> dict[str, tuple[str, ...]]:
        offset, size = self._spans[index]
        try:
            self._file.seek(offset)
            raw = self._file.read(size)
            loaded = marshal.loads(raw) if len(raw) == size else None
        except (OSError, ValueError, EOFError, TypeError):
            loaded = None
        if not isinstance(loaded, dict):  # a damaged file: these names are missing
            log.warning("drug vocabulary: part of the cached names is unreadable")
            return {}
        return loaded

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self._part(bucket_of(name))[name]

    def get(self, name: str, default=None):
        return self._part(bucket_of(name)).get(name, default)

    def __iter__(self) -> Iterator[str]:
        for index in range(len(self._read)):
            yield from self._part(index)

    def __len__(self) -> int:
        return sum(len(self._part(index)) for index in range(len(self._read)))


def file_identity(path: Path, stat: os.stat_result | None = None) -> tuple:
    """What changes when a file's bytes change or another file takes its place: its
    path, size, inode and times (``st_ctime`` is set by the system on every change
    and cannot be set back)."""
    st = stat or path.stat()
    return (str(path), st.st_size, st.st_ino, st.st_dev, st.st_mtime_ns, st.st_ctime_ns)


def cache_path(pinned_sha256: str, table: bytes, code_files: Sequence[str]) -> Path:
    """The cache of the pinned file ``pinned_sha256`` as read by this code and our
    ``drugs.json`` (``table``: the class of each generic is in it). ``code_files``:
    the files the reading modules were loaded from -- the sources in a checkout, the
    compiled files in the installed bundle (which holds no .py files)."""
    from platformdirs import user_cache_dir

    code = hashlib.sha256()
    for module_file in code_files:
        code.update(Path(module_file).read_bytes())
    code.update(table)
    folder = Path(user_cache_dir(paths.APP_NAME, appauthor=False))
    return folder / f"drug-names-{pinned_sha256[:12]}-{code.hexdigest()[:12]}.marshal"


def read(path: Path) -> CachedNames | None:
    """The cached names; None when there is no cache or it is damaged (built again)."""
    try:
        file = path.open("rb")
    except OSError:
        return None
    header = start = end = None
    try:
        end = os.fstat(file.fileno()).st_size
        length = int.from_bytes(file.read(_LENGTH), "little")
        if _LENGTH + length <= end:  # not a damaged length
            header, start = marshal.loads(file.read(length)), _LENGTH + length
    except (OSError, ValueError, EOFError, TypeError):
        header = None
    sizes = header.get("sizes") if isinstance(header, dict) else None
    words = header.get("class_words") if isinstance(header, dict) else None
    source = header.get("source") if isinstance(header, dict) else None
    if not (
        isinstance(start, int)
        and isinstance(end, int)
        and isinstance(sizes, list)
        and len(sizes) == BUCKETS
        and all(isinstance(size, int) and size >= 0 for size in sizes)
        and start + sum(sizes) == end
        and isinstance(source, tuple)
        and isinstance(words, dict)
        and all(
            isinstance(cls, str)
            and isinstance(found, list)
            and all(isinstance(ws, tuple) and all(isinstance(w, str) for w in ws) for ws in found)
            for cls, found in words.items()
        )  # fmt: skip
    ):
        file.close()
        return None
    words = {cls: frozenset(found) for cls, found in words.items()}
    return CachedNames(file, start, sizes, words, source)


def write(
    path: Path,
    names: dict[str, tuple[str, ...]],
    generic_classes: Mapping[str, str],
    source: tuple,
) -> None:
    """Cache ``names``, read from the file of identity ``source`` (see
    :func:`file_identity`) after checking its SHA-256."""
    from imr_desktop.atomic import atomic_write_bytes

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        buckets: list[dict[str, tuple[str, ...]]] = [{} for _ in range(BUCKETS)]
        for name, found in names.items():
            buckets[bucket_of(name)][name] = found
        parts = [marshal.dumps(bucket) for bucket in buckets]
        words = class_words(names, generic_classes)
        header = {
            "source": source,
            "sizes": [len(part) for part in parts],
            "class_words": {cls: sorted(found) for cls, found in words.items()},
        }
        head = marshal.dumps(header)
        data = len(head).to_bytes(_LENGTH, "little") + head + b"".join(parts)
        atomic_write_bytes(path, data, durable=False)
        for older in path.parent.glob("drug-names-*.marshal"):
            if older != path:  # of an earlier release
                older.unlink(missing_ok=True)
    except OSError as exc:  # a read-only home: the next start reads the file again
        log.warning("drug vocabulary: not cached (%s)", type(exc).__name__)
