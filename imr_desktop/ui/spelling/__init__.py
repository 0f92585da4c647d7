"""Spelling in the window: the underline as the reviewer types, the suggestion menu."""
