"""What a request means (no Qt, no I/O): a request as printed ("Norco 10/325 #90",
"PT 2x6 low back") understood as the service asked for, where, how much and when.
Used by the guideline search and suggestions and by precedent matching."""

from typing import TYPE_CHECKING

from imr_desktop.lazy import lazy_exports

if TYPE_CHECKING:
    from .amounts import Count
    from .classes import names_class
    from .meaning import UnderstoodRequest, expand_regions, regions_compatible, understand

__getattr__ = lazy_exports(
    __name__,
    {
        "Count": "amounts",
        "UnderstoodRequest": "meaning",
        "expand_regions": "meaning",
        "names_class": "classes",
        "regions_compatible": "meaning",
        "understand": "meaning",
    },
)

__all__ = [
    "Count",
    "UnderstoodRequest",
    "expand_regions",
    "names_class",
    "regions_compatible",
    "understand",
]
