"""What a request means (no Qt, no I/O): a request as printed ("Norco 10/325 #90",
"PT 2x6 low back") understood as the service asked for, where, how much and when.
Used by the guideline search and suggestions and by precedent matching."""

from .amounts import Count
from .understand import UnderstoodRequest, expand_regions, regions_compatible, understand

__all__ = ["Count", "UnderstoodRequest", "expand_regions", "regions_compatible", "understand"]
