import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None/True/False are immortal from 3.12")
def test_many_void_qt_calls_cannot_exhaust_none_or_true(qtbot):
    from PySide6.QtWidgets import QLineEdit

    import imr_desktop.ui  # noqa: F401  (applies the guard)

    edit = QLineEdit()
    qtbot.addWidget(edit)
    before_none = sys.getrefcount(None)
    for _ in range(5000):
        edit.setObjectName("x")  # void: PySide6 6.12.0 drops a reference to None
        edit.isEnabled()  # bool
    assert sys.getrefcount(None) > 1 << 39
    assert sys.getrefcount(True) > 1 << 39
    assert before_none - sys.getrefcount(None) < 20_000  # the leak is bounded per call


def test_the_import_hook_gets_the_same_answers_from_the_file():
    import inspect
    import json
    import sqlite3

    import PySide6.QtCore

    import imr_desktop.ui  # noqa: F401  (applies the workaround)
    import imr_desktop.ui.main_window
    import imr_desktop.workspace

    feature = sys.modules["shibokensupport.feature"]
    fast = feature._mod_uses_pyside
    assert fast.reads_file

    def by_inspect(module) -> bool:  # PySide6's own answer
        try:
            return "PySide6" in inspect.getsource(module)
        except (TypeError, OSError):
            return False

    modules = [imr_desktop.ui.main_window, imr_desktop.workspace, json, sqlite3, sys]
    modules += [PySide6.QtCore, sys.modules["_sqlite3"]]  # no source: PySide6's answer
    answers = {m.__name__: fast(m) for m in modules}
    assert answers == {m.__name__: by_inspect(m) for m in modules}
    assert answers["imr_desktop.ui.main_window"] and not answers["imr_desktop.workspace"]


def test_a_compiled_module_without_source_uses_no_pyside(tmp_path):
    import importlib.util
    import py_compile

    import imr_desktop.ui  # noqa: F401  (applies the workaround)

    source = tmp_path / "compiled_only.py"
    source.write_text("import PySide6\n")
    compiled = tmp_path / "compiled_only.pyc"
    py_compile.compile(str(source), cfile=str(compiled))
    source.unlink()  # as in the installed bundle: .pyc files only
    spec = importlib.util.spec_from_file_location("compiled_only", compiled)
    module = importlib.util.module_from_spec(spec)
    assert sys.modules["shibokensupport.feature"]._mod_uses_pyside(module) is False
