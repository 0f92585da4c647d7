"""Importing a determination letter as a draft, prior letters kept with a case, and the
Case notes dock."""
