"""Every input of the case form, the item editor and each dialog is readable at
1280×720 and at 200 % scale (QT_SCALE_FACTOR=2 on a 2560×1440 screen).

The scale factor and the screen are fixed when a QApplication starts, so each runs
in a subprocess (``tests/layout_probe.py``) on an offscreen screen of that size
(Qt's offscreen platform reads its screens from a JSON ``configfile``). At scale 2
Qt lays out in device-independent pixels: the 2560×1440 screen is 1280×720 of them
and fonts keep their size in those pixels, so the two runs should agree; running
both checks that they do, with the scale really applied (devicePixelRatio 2).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_probe(tmp_path: Path, data_dir: Path, width: int, height: int, scale: int) -> dict:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps(
            {"screens": [{"name": "probe", "x": 0, "y": 0, "width": width, "height": height}]}
        )
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    env.pop("QT_SCALE_FACTOR", None)
    if scale != 1:
        env["QT_SCALE_FACTOR"] = str(scale)
    done = subprocess.run(
        [sys.executable, "-m", "tests.layout_probe", str(data_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("width", "height", "scale"), [(1280, 720, 1), (2560, 1440, 2)], ids=["1280x720", "200pc"]
)
def test_every_input_is_readable(tmp_path, data_dir, width, height, scale):
    result = run_probe(tmp_path, data_dir, width, height, scale)
    facts = result["facts"]
    assert facts["scale"] == scale
    assert facts["screen"] == [1280, 720]  # in device-independent pixels
    assert result["problems"] == []
    # The QA dock opens as a one-line strip: the item editor keeps the height.
    assert facts["qa_dock_height"] <= 2 * facts["line_height"] + 12
    # Collapsing the side docks gives the form most of the width.
    assert facts["editor_width_collapsed"] > facts["editor_width_maximized"] + 500
