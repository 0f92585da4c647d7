"""IMR Desktop: an offline workstation for IMR final determinations."""

__version__ = "0.1.0"
