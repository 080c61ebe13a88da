"""The PySide6 desktop app. Panels show read models from desktop.core.queries and turn
gestures into core edits pushed through the session's single undo stack."""
