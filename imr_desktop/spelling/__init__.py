"""Spell checking for the letter's free text: medical and workers' compensation
language known, British spellings reported with the American form.

``FolderSpelling.open(data_dir)`` (``folder.py``) is the entry point; ``checker.py`` holds
the checker, ``tokens.py`` what counts as a word, ``dictionaries.py`` the shipped
Hunspell dictionaries, ``sources.py`` the words that extend them at run time,
``personal.py`` the reviewer's own dictionary and ``ignored.py`` a case's ignored words.
Importing this package loads nothing heavy.
"""
