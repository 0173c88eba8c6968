"""One regex for a group of patterns, so that text no pattern of the group matches costs one search.

Most lines and clauses (greetings, signatures, small talk) match none of a group's patterns; the
readers (bot/rules.py, bot/trim.py) ask the union first and only then the single patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# Keyed by the group's id: hashing a tuple of compiled patterns on every call would cost more than
# the search it saves. The group is kept in the entry, so its id cannot be reused by another tuple.
_UNIONS: dict[int, tuple[tuple[object, ...], re.Pattern[str]]] = {}


def union(group: tuple[T, ...], build: Callable[[tuple[T, ...]], re.Pattern[str]]) -> re.Pattern[str]:
    """The union of `group`, built once by `build` and kept for the process."""
    entry = _UNIONS.get(id(group))
    if entry is None:
        entry = (group, build(group))
        _UNIONS[id(group)] = entry
    return entry[1]
