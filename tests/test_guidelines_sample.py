"""The shipped sample library reaches existing data folders: a library seeded from
an older sample is brought up to date on open, without undoing the reviewer's own
removals and imports."""

from __future__ import annotations

import json

from imr_desktop.guidelines import GuidelineLibrary


def _cite_as(library: GuidelineLibrary, key: str) -> str | None:
    row = library.db.execute("SELECT cite_as FROM sources WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _as_if_seeded_by_an_older_sample(library: GuidelineLibrary, *, keys_recorded: bool) -> None:
    library.db.execute(
        "UPDATE sources SET cite_as = 'MTUS Chronic Pain Medical Treatment Guidelines' "
        "WHERE key = 'mtus-cpmtg-2016'"
    )
    library.set_setting("sample_digest", "an older sample")
    keys = json.loads(library.setting("sample_keys") or "[]")
    if keys_recorded:  # the older sample did not have the 2017 ACOEM source yet
        library.remove_source("mtus-acoem-2017")
        library.set_setting("sample_keys", json.dumps([k for k in keys if k != "mtus-acoem-2017"]))
    else:
        library.db.execute("DELETE FROM library_settings WHERE key = 'sample_keys'")


def test_a_changed_sample_updates_what_the_library_holds(tmp_path):
    library = GuidelineLibrary.open(tmp_path)
    assert _cite_as(library, "mtus-cpmtg-2016") == "MTUS Chronic Pain Medical Treatment"
    library.remove_source("mtus-formulary-2018")  # the reviewer's choice
    _as_if_seeded_by_an_older_sample(library, keys_recorded=True)
    library.close()

    library = GuidelineLibrary.open(tmp_path)
    keys = {i.source.key: i for i in library.sources()}
    assert _cite_as(library, "mtus-cpmtg-2016") == "MTUS Chronic Pain Medical Treatment"
    assert "mtus-acoem-2017" in keys  # new in the sample: added
    assert "mtus-formulary-2018" not in keys  # removed by the reviewer: stays removed
    library.close()


def test_an_unchanged_sample_writes_nothing_and_own_imports_stay(tmp_path):
    library = GuidelineLibrary.open(tmp_path)
    library.db.execute("UPDATE sources SET origin = 'my-odg.json' WHERE key = 'odg'")
    library.db.execute("UPDATE sources SET cite_as = 'My ODG' WHERE key = 'odg'")
    library.close()
    library = GuidelineLibrary.open(tmp_path)
    assert _cite_as(library, "odg") == "My ODG"
    library.set_setting("sample_digest", "an older sample")
    library.close()
    library = GuidelineLibrary.open(tmp_path)
    assert _cite_as(library, "odg") == "My ODG"  # the reviewer's own import of that key
    library.close()


def test_a_library_from_before_the_keys_were_recorded_updates_only_what_it_holds(tmp_path):
    library = GuidelineLibrary.open(tmp_path)
    library.remove_source("mtus-formulary-2018")
    _as_if_seeded_by_an_older_sample(library, keys_recorded=False)
    library.close()
    library = GuidelineLibrary.open(tmp_path)
    assert _cite_as(library, "mtus-cpmtg-2016") == "MTUS Chronic Pain Medical Treatment"
    assert "mtus-formulary-2018" not in {i.source.key for i in library.sources()}
    assert json.loads(library.setting("sample_keys") or "[]")  # recorded from now on
    library.close()
