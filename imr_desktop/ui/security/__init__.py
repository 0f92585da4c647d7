"""Unlock at start, passphrase dialogs, the inactivity lock, the audit log and backups
dialogs."""
