"""The application packet: engine result → Word forms, an Excel calculation sheet, a checklist, a manifest.

Import from the modules (``desktop.packet.writer`` …): the package itself loads nothing heavy.
"""
