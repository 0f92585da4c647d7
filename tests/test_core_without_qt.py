"""The core never needs Qt: import it with PySide6 made unimportable."""

import subprocess
import sys

CORE_MODULES = [
    "imr_desktop.model",
    "imr_desktop.model.edits",
    "imr_desktop.model.dates",
    "imr_desktop.store",
    "imr_desktop.store.seed",
    "imr_desktop.workspace",
    "imr_desktop.commands",
    "imr_desktop.cli",
]


def test_core_imports_with_pyside6_blocked(tmp_path):
    code = (
        "import sys, importlib, pkgutil\n"
        "sys.modules['PySide6'] = None\n"  # any 'import PySide6...' now raises ImportError
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "import imr_desktop\n"
        "for pkg in ('guidelines', 'export', 'letters'):\n"
        "    try:\n"
        "        mod = importlib.import_module('imr_desktop.' + pkg)\n"
        "    except ModuleNotFoundError as exc:\n"
        "        if exc.name == 'imr_desktop.' + pkg: continue\n"
        "        raise\n"
        "    for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "from imr_desktop.workspace import Workspace\n"
        f"ws = Workspace.open({str(tmp_path)!r})\n"
        "assert len(ws.cases.list_cases()) == 3\n"
        "assert not any(m.startswith('PySide6') and sys.modules[m] for m in sys.modules)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
