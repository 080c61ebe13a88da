"""Fixtures of the shell's tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def settings(tmp_path):
    """QSettings in a temporary folder (read and written for real; tests never write the
    user's real settings)."""
    from PySide6.QtCore import QSettings

    folder = tmp_path / "settings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    QSettings().clear()
    yield folder
    QSettings().clear()
