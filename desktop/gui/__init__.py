"""The desktop program (PySide6): the only package that imports Qt."""

from desktop.gui.immortal import keep_singletons_alive

keep_singletons_alive()  # before any Qt call: PySide6 6.12 uses up their references on Python 3.11
