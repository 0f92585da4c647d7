"""The bundle's entry point: the same ``main`` as ``python -m imr_desktop``."""

from imr_desktop.cli import main

raise SystemExit(main())
