"""The app reports side files it set aside while opening a brief (one message)."""

from __future__ import annotations



def test_opening_a_brief_with_a_stray_wal_tells_the_user_it_was_set_aside(
        qtbot, qapp, tmp_path, brief_path, monkeypatch):
    from desktop.ui.shell import app
    from desktop.ui.shell import main_window

    shown = []
    monkeypatch.setattr(main_window.Messages, "info",
                        classmethod(lambda cls, parent, title, text: shown.append(text)))
    monkeypatch.setattr(app, "remember", lambda path: None)
    monkeypatch.setattr(app.sharing, "backup_dir", lambda: tmp_path / "backups")
    wal = brief_path.with_name(brief_path.name + "-wal")
    wal.write_bytes(b"\x37\x7f\x06\x82" + bytes(28))  # a WAL header from no brief of ours
    window = app.App(qapp).open(brief_path)
    qtbot.addWidget(window)
    assert len(shown) == 1 and "test.brief-wal" in shown[0] and "set aside" in shown[0]
    assert not wal.exists()
    window.close()
    window.session.store.close()
