"""The Qt binding itself must be sound: a refcount bug in it kills the app mid-session."""

import sys

from PySide6.QtCore import QObject


def test_void_qt_calls_do_not_leak_references_to_none():
    # PySide6 6.12.0 decremented None's refcount on every call returning void; on Python
    # before 3.12 (where None is not immortal) the app aborted after a few thousand calls.
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        obj.setObjectName("x")
    assert sys.getrefcount(None) >= before - 50
