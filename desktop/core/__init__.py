"""The Qt-free core of Briefing Builder.

Nothing in this package may import Qt (tests/test_architecture.py checks it): the desktop
app, the ``brief`` command and the tests all drive the same functions.
"""
