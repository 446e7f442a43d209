"""Keeps ``None``, ``True`` and ``False`` alive on Python 3.11 under PySide6 6.12, which treats them as immortal.

PySide6 6.12 (the abi3 wheel) hands back these three without adding a reference: every void C++
method returns ``None`` so (``label.setText()``), every ``signal.emit()`` returns ``True`` so. They are
immortal only from Python 3.12 on. On 3.11 each such call takes one reference away; the window makes
hundreds per keystroke, and after some minutes of typing, or in the clean-up at quit, a count reaches
zero and Python aborts with "Fatal Python error: none_dealloc" (or bool_dealloc). Giving the three a
reference count no session can use up makes them as immortal as 3.12 does.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 48  # references: at a million lost a second, nine years
SINGLETONS = (None, True, False)


def keep_singletons_alive() -> bool:
    """Give None, True and False a reference count no session can use up; return True when raised.

    Only on CPython before 3.12, and only where the count is where CPython keeps it (the object's
    first field, as ``sys.getrefcount`` reads it): otherwise nothing is touched.
    """
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    counts = [ctypes.c_ssize_t.from_address(id(singleton)) for singleton in SINGLETONS]
    # getrefcount holds one reference of its own
    if any(c.value != sys.getrefcount(s) - 1 for c, s in zip(counts, SINGLETONS, strict=True)):
        return False
    for count in counts:
        if count.value < RESERVE:
            count.value += RESERVE
    return True
