"""Cases: the store of drafts in ``cases.db`` (cases, items, revisions for history and
restore, the reviewer profile, snippets), its schema and the demo cases. No Qt here."""
