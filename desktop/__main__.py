"""python -m desktop (and the bundled executable): the window with no command, else the command line."""

import multiprocessing

from desktop.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # batch workers of a bundled executable start through here
    raise SystemExit(main())
