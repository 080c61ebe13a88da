"""The application, its main window, session, layout, menus and preferences."""
