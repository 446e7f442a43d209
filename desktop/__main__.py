"""python -m desktop: the command line (calc, catalog …)."""

from desktop.cli import main

raise SystemExit(main())
