"""The core never needs Qt: import it with PySide6 made unimportable."""

import subprocess
import sys


def test_core_imports_with_pyside6_blocked(tmp_path):
    # Every module outside ui/ (found by walking the package, so a new capability is
    # covered the day it lands), then a workspace opened end to end.
    code = (
        "import sys, importlib, pkgutil\n"
        "sys.modules['PySide6'] = None\n"  # any 'import PySide6...' now raises ImportError
        "import imr_desktop\n"
        "for info in pkgutil.walk_packages(imr_desktop.__path__, 'imr_desktop.'):\n"
        "    if info.name == 'imr_desktop.ui' or info.name.startswith('imr_desktop.ui.'):\n"
        "        continue\n"
        "    if info.name == 'imr_desktop.__main__':\n"
        "        continue\n"
        "    importlib.import_module(info.name)\n"
        "from imr_desktop.workspace import Workspace\n"
        f"ws = Workspace.open({str(tmp_path)!r}, no_encryption=True)\n"
        "assert len(ws.cases.list_cases()) == 3\n"
        "assert not any(m.startswith('PySide6') and sys.modules[m] for m in sys.modules)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
