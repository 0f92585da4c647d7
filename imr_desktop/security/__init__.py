"""Patient-data safety: encryption at rest (keys, the sealed ``cases.db``), the passphrase
and recovery key, backups and restore, and the hash-chained audit log."""
