"""The five steps of the main window, one module each."""
