"""The object dictionary: every object the emulator holds, by module (see ``schema`` for the shape).

Importing this package registers all definitions, so ``OBJECTS`` is complete wherever it is used.
"""

from __future__ import annotations

from ..schema import (
    BUDGET_LINE_DIMENSIONS,
    DOC_LINE_DIMENSIONS,
    GL_LINE_DIMENSIONS,
    LEGACY_LINE_DIMENSIONS,
    OBJECTS,
    STANDARD_DIMENSIONS,
    ObjectDef,
    listtype_name,
    udd_def,
)
from . import company, core, documents, operations, projects

__all__ = [
    "BUDGET_LINE_DIMENSIONS",
    "DOC_LINE_DIMENSIONS",
    "GL_LINE_DIMENSIONS",
    "LEGACY_LINE_DIMENSIONS",
    "OBJECTS",
    "STANDARD_DIMENSIONS",
    "ObjectDef",
    "company",
    "core",
    "documents",
    "listtype_name",
    "operations",
    "projects",
    "udd_def",
]
