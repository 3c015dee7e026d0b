"""What every check kind shares: the per-document Context and the Check base class.

A check *kind* is a Python class (closed set, registered in ``plainspeak.checks.KINDS``);
a *rule* is data in ``rules/*.yml`` that names a kind and gives its parameters and messages.
The engine builds one :class:`Context` per document and calls ``check.run(ctx)`` for every
enabled rule. Checks report spans in *block text* offsets through ``ctx.finding(...)``; the
context turns them into exact source positions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Iterator

from ..document import Block, Document, HEADING
from ..finding import Finding, Fix, Severity


@dataclass
class Section:
    """Text under one heading (or the text before the first heading)."""
    heading: int | None            # index of the heading block, None for the preamble
    blocks: list[int] = field(default_factory=list)   # indices of the blocks in the section
    title: str = ""


class Context:
    """Everything a check may look at for one document."""

    def __init__(self, document: Document, profile: str, config: Any = None):
        self.document = document
        self.profile = profile
        self.config = config
        self._analysis: list | None = None
        self._lemmas = False
        self._sections: list[Section] | None = None
        self.cache: dict[str, Any] = {}      # per-document data shared between checks

    # -- NLP: each block is tokenised once per document, shared by every check ----------------
    def analysis(self, lemmas: bool = False) -> list:
        """One spaCy ``Doc`` per block (``None`` for blocks with no words)."""
        if self._analysis is None or (lemmas and not self._lemmas):
            from .. import nlp
            self._analysis = nlp.analyse(self.document, lemmas=lemmas)
            self._lemmas = lemmas
        return self._analysis

    @property
    def sections(self) -> list[Section]:
        if self._sections is None:
            secs: list[Section] = [Section(None)]
            for i, b in enumerate(self.document.blocks):
                if b.kind == HEADING:
                    secs.append(Section(i, [i], b.text.strip()))
                else:
                    secs[-1].blocks.append(i)
            if not secs[0].blocks:
                secs.pop(0)
            self._sections = secs
        return self._sections

    def block_lang(self, block: Block) -> str:
        return (block.lang or self.document.language or "en").split("-")[0].lower()

    # -- building findings ----------------------------------------------------------------------
    def finding(self, rule, block: Block, start: int, end: int, message: str, *,
                severity: Severity | None = None, suggestions: Iterable[str] = (),
                fix_text: str | None = None, data: dict | None = None) -> Finding:
        """A finding on ``block.text[start:end]``; ``fix_text`` replaces exactly that span."""
        s, e = block.smap.span(start, end)
        return self.source_finding(rule, s, e, message, severity=severity,
                                   suggestions=suggestions, fix_text=fix_text, data=data,
                                   scope=block.kind)

    def source_finding(self, rule, start: int, end: int, message: str, *,
                       severity: Severity | None = None, suggestions: Iterable[str] = (),
                       fix_text: str | None = None, data: dict | None = None,
                       scope: str = "document") -> Finding:
        """A finding on source offsets ``[start, end)``."""
        doc = self.document
        line, col = doc.line_col(start)
        end_line, end_col = doc.line_col(end)
        return Finding(
            code=rule.code, name=rule.name, category=rule.category,
            severity=severity if severity is not None else rule.severity,
            path=doc.path, line=line, column=col, end_line=end_line, end_column=end_col,
            message=message, match=doc.source[start:end], suggestions=tuple(suggestions),
            fix=Fix(start, end, fix_text) if fix_text is not None else None,
            scope=scope, start=start, end=end, data=data or {})


class Check:
    """Base class of a check kind.

    Subclasses set ``KIND`` (the name used in rule packs), ``PARAMS`` (a JSON-schema
    ``properties`` mapping for the rule's ``params``; unknown parameters are rejected when the
    pack loads) and implement :meth:`run`. ``self.params`` holds the rule's parameters merged
    with the profile's and the user's overrides.
    """

    KIND: ClassVar[str] = ""
    PARAMS: ClassVar[dict[str, Any]] = {}
    NEEDS_LEMMAS: ClassVar[bool] = False

    def __init__(self, rule, params: dict[str, Any]):
        self.rule = rule
        self.params = params

    def message(self, **values: Any) -> str:
        """The rule's message template filled with ``values``."""
        return self.rule.message.format(**values)

    def run(self, ctx: Context) -> Iterator[Finding]:  # pragma: no cover - interface
        raise NotImplementedError
