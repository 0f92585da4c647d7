"""The guideline lookup panel: search, results, the passage and its citation, and the
library import / remove actions."""
