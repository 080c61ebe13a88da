"""What the main window adds for reading and writing comfort: the tags dock, find in the
source, text zoom, Preferences…, and Quit closing every window.

A mixin, so the window's menus stay in one place (:mod:`.menus`) while these
actions and their state live here. It expects the window's ``session``, ``reader``,
``memo``, ``tabs``, ``search_dock``, ``library_dock`` and its ``_dock`` helper.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.ui.common.preferences import Preferences, clamp_text_size


class ComfortMixin:
    def preferences(self) -> Preferences:
        return Preferences.load()

    def show_preferences(self) -> None:
        """Preferences…: saved for every brief, applied to every open window."""
        from desktop.ui.common.preferences_dialog import PreferencesDialog  # when opened

        prefs = Preferences.load()
        if not prefs.name:
            prefs.name = self.session.store.user
        chosen = PreferencesDialog.ask(self, prefs, self.reader.default_point_size)
        if chosen is None:
            return
        chosen.save()
        for window in main_windows():
            window.apply_preferences(chosen)

    def apply_preferences(self, prefs: Preferences) -> None:
        if prefs.name and not self.session.closed:
            self.session.store.user = prefs.name
        self.apply_text_size(prefs.text_size)

    def _add_tags_dock(self) -> None:
        """Tags (the colour legend) and highlights across sources, beside the library;
        the panel is made when the dock is first shown (``window.tags`` makes it)."""
        self.tags_dock = self._dock("Tags", self._make_tags, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.search_dock, self.tags_dock)
        self.library_dock.raise_()

    @property
    def tags(self):
        return self.tags_dock.panel()

    def _make_tags(self):
        from desktop.ui.reader.tags import TagsPanel

        panel = TagsPanel(self.session, self)
        panel.annotation_activated.connect(self.go_to_annotation)
        self.tags_dock.visibilityChanged.connect(
            lambda shown: shown and QTimer.singleShot(0, panel, panel.catch_up))
        return panel

    def find_in_source(self) -> None:
        self.tabs.setCurrentWidget(self.reader)
        self.reader.find_bar.open()

    def text_size(self) -> float:
        return self.reader.view.font().pointSizeF()

    def apply_text_size(self, size: float) -> None:
        """Sources and the memo in ``size`` points (0: the default size)."""
        self.reader.set_point_size(size)
        self.memo.document.set_point_size(size or self.reader.default_point_size)

    def zoom(self, step: int) -> None:
        """One point larger or smaller (0: back to the default); remembered for next time."""
        prefs = Preferences.load()
        prefs.text_size = 0.0 if step == 0 else clamp_text_size(round(self.text_size()) + step)
        prefs.save()
        self.apply_text_size(prefs.text_size)
        self.statusBar().showMessage(f"Text size {self.text_size():g} pt", 2000)


def main_windows() -> list["ComfortMixin"]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, ComfortMixin) and w.isVisible()]


def quit_app() -> None:
    """Quit: close every window (each saves its layout and closes its brief), then exit."""
    for window in main_windows():
        if not window.close():
            return  # a window refused to close: stay
    QApplication.quit()
