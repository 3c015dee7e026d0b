"""Findings: the one record every check produces and every reporter renders."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

CATEGORIES = ("readability", "structure", "jargon", "safety", "inclusive", "translation",
              "accessibility", "system")

# code prefix -> category (PS1xx readability ... PS9xx system)
CATEGORY_BY_PREFIX = {
    "PS1": "readability", "PS2": "structure", "PS3": "jargon", "PS4": "safety",
    "PS5": "inclusive", "PS6": "translation", "PS7": "accessibility", "PS9": "system",
}


class Severity(enum.IntEnum):
    """Ordered: INFO < WARNING < ERROR (unlike textlint, info never sorts above error)."""
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: "str | Severity") -> "Severity":
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning or info)") from None

    def __str__(self) -> str:  # "error"
        return _SEVERITY_NAMES[self]


_SEVERITY_NAMES = {s: s.name.lower() for s in Severity}


@dataclass(frozen=True)
class Fix:
    """Replace source offsets [start, end) with ``replacement``."""
    start: int
    end: int
    replacement: str


@dataclass
class Finding:
    code: str
    name: str
    category: str
    severity: Severity
    path: str
    line: int
    column: int
    end_line: int
    end_column: int          # exclusive
    message: str
    match: str               # exact source text between start and end
    suggestions: tuple[str, ...] = ()
    fix: Fix | None = None
    scope: str = ""          # block kind the finding came from ("document" for whole-file)
    start: int = 0           # source offsets (not serialised)
    end: int = 0
    data: dict[str, Any] = field(default_factory=dict)   # extra machine-readable detail

    def sort_key(self):
        return (self.path, self.line, self.column, self.code, self.end_line, self.end_column)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": str(self.severity),
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "match": self.match,
            "suggestions": list(self.suggestions),
            "fix": None if self.fix is None else {
                "start": self.fix.start, "end": self.fix.end, "replacement": self.fix.replacement},
            "scope": self.scope,
        }
        if paragraph_positions(self.path):
            d["location"] = (f"paragraph {self.line}, character {self.column}"
                             if self.scope != "file" else "whole document")
        if self.data:
            d["data"] = self.data
        return d

    def where(self) -> str:
        """``path:line:column`` as people read it: ``letter.docx:¶12:34`` for Word files."""
        if paragraph_positions(self.path):
            return f"{self.path}:\u00b6{self.line}:{self.column}"
        return f"{self.path}:{self.line}:{self.column}"


# formats whose findings are addressed by paragraph and character (line = paragraph number)
PARAGRAPH_SUFFIXES = (".docx",)


def paragraph_positions(path: str) -> bool:
    return path.lower().endswith(PARAGRAPH_SUFFIXES)
