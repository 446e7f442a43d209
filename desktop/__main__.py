"""python -m desktop (and the bundled executable): the command line; no command opens the window."""

import multiprocessing

from desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # batch workers of a bundled executable start through here
    raise SystemExit(main())
