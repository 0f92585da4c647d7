"""The bundle's entry point: the same ``main`` as ``python -m imr_desktop``."""

import multiprocessing

from imr_desktop.cli import main

if __name__ == "__main__":
    # The precedent import reads letters in worker processes ("spawn"): in a frozen
    # bundle a worker starts this same executable, which must become a worker here.
    multiprocessing.freeze_support()
    raise SystemExit(main())
