"""The bundle's entry point: the same ``run`` as ``python -m imr_desktop``."""

import multiprocessing

from imr_desktop.cli import run

if __name__ == "__main__":
    # The precedent import reads letters in worker processes ("spawn"): in a frozen
    # bundle a worker starts this same executable, which must become a worker here.
    multiprocessing.freeze_support()
    run()
