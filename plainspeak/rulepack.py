"""Rule packs: ``rules/*.yml`` -> validated :class:`Rule` objects.

Packs are data. Loading is strict: an unknown key, a wrong type, a bad regex, an unknown check
kind, an unknown parameter or a duplicate code/name is a :class:`RulePackError` that names the
file and line (the CLI prints it and exits 2).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .finding import CATEGORY_BY_PREFIX, Severity

BUILTIN_DIR = Path(__file__).resolve().parent / "rules"   # installed location (wheel)
SOURCE_DIR = Path(__file__).resolve().parent.parent / "rules"  # source checkout


class RulePackError(Exception):
    """A rule pack is invalid; the message names the file and line."""


@dataclass
class Rule:
    code: str
    name: str
    kind: str
    category: str
    severity: Severity
    message: str
    description: str
    why: str
    sources: list[dict[str, str]]
    params: dict[str, Any]
    profiles: dict[str, Any]
    examples: dict[str, list[dict[str, Any]]]
    enabled: bool = True
    scope: list[str] | None = None
    aliases: list[str] = field(default_factory=list)
    fixable: bool = False
    wcag: list[dict[str, str]] = field(default_factory=list)
    pack: str = ""
    path: str = ""
    line: int = 0

    def enabled_in(self, profile: str) -> bool:
        return self.profiles.get(profile, {}) is not False

    def params_for(self, profile: str) -> dict[str, Any]:
        over = self.profiles.get(profile)
        p = dict(self.params)
        if isinstance(over, dict):
            p.update(over)
        return p

    def profile_names(self) -> list[str]:
        from .config import PROFILES
        return [p for p in PROFILES if self.enabled_in(p)]


_SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {
        "key": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$"},
        "name": {"type": "string", "minLength": 1},
        "url": {"type": "string", "pattern": "^https://"},
        "note": {"type": "string"},
    },
}
_EXAMPLE = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["text"],
            "properties": {
                "text": {"type": "string", "minLength": 1},
                "format": {"enum": ["text", "markdown", "html"]},
                "profile": {"enum": ["letter", "web", "portal"]},
                "lang": {"type": "string"},
                "note": {"type": "string"},
            },
        },
        {   # cross-file (project) rules: a small tree of files, linted together
            "type": "object",
            "additionalProperties": False,
            "required": ["files"],
            "properties": {
                "files": {"type": "object", "minProperties": 1,
                          "additionalProperties": {"type": "string"}},
                "config": {"type": "string"},
                "note": {"type": "string"},
            },
        },
    ]
}
RULE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["code", "name", "kind", "severity", "message", "description", "why", "sources"],
    "properties": {
        "code": {"type": "string", "pattern": r"^PS[1-9][0-9]{2}$"},
        "name": {"type": "string", "pattern": r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"},
        "aliases": {"type": "array", "items": {"type": "string"}},
        "kind": {"type": "string"},
        "severity": {"enum": ["error", "warning", "info"]},
        "enabled": {"type": "boolean"},
        "fixable": {"type": "boolean"},
        "scope": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "message": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "why": {"type": "string", "minLength": 1},
        "sources": {"type": "array", "items": _SOURCE, "minItems": 1},
        "wcag": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False,
            "required": ["sc", "name", "level"],
            "properties": {
                "sc": {"type": "string", "pattern": r"^[1-4]\.[0-9]+\.[0-9]+$"},
                "name": {"type": "string", "minLength": 1},
                "level": {"enum": ["A", "AA", "AAA"]},
                "relation": {"enum": ["failure", "advisory"]},
                "note": {"type": "string"},
            }}},
        "params": {"type": "object"},
        "profiles": {
            "type": "object",
            "additionalProperties": False,
            "properties": {p: {"anyOf": [{"type": "object"}, {"const": False}]}
                           for p in ("letter", "web", "portal")},
        },
        "examples": {
            "type": "object",
            "additionalProperties": False,
            "required": ["fail", "pass"],
            "properties": {
                "fail": {"type": "array", "items": _EXAMPLE, "minItems": 1},
                "pass": {"type": "array", "items": _EXAMPLE, "minItems": 1},
            },
        },
    },
}
PACK_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["pack", "rules"],
    "properties": {
        "pack": {"type": "string", "pattern": r"^[a-z][a-z0-9-]*$"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "rules": {"type": "array", "items": RULE_SCHEMA},
    },
}


# ---------------------------------------------------------------- YAML with line numbers

def _load_yaml_with_lines(path: Path) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML; return the data and a map from a JSON path (tuple) to its 1-based line."""
    import yaml
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulePackError(f"{path}: cannot read rule pack: {exc}") from None
    try:
        node = yaml.compose(text, Loader=loader_cls)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise RulePackError(f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    lines: dict[tuple, int] = {}

    # Build containers with our walker, scalars with the safe constructor (types right).
    constructor = yaml.constructor.SafeConstructor()

    def build2(n, p: tuple):
        lines[p] = n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            out = {}
            for k, v in n.value:
                key = constructor.construct_object(k)
                if key in out:
                    raise RulePackError(f"{path}:{k.start_mark.line + 1}: duplicate key {key!r}")
                lines[p + (key,)] = k.start_mark.line + 1
                out[key] = build2(v, p + (key,))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [build2(v, p + (i,)) for i, v in enumerate(n.value)]
        return constructor.construct_object(n)

    if node is None:
        raise RulePackError(f"{path}:1: empty rule pack")
    return build2(node, ()), lines


def _line_for(lines: dict[tuple, int], p: tuple) -> int:
    while p not in lines and p:
        p = p[:-1]
    return lines.get(p, 1)


_VALIDATORS: dict[int, Any] = {}


def _validator(schema: dict):
    v = _VALIDATORS.get(id(schema))
    if v is None:
        from jsonschema import Draft202012Validator
        v = _VALIDATORS[id(schema)] = Draft202012Validator(schema)
    return v


def _schema_error(path: Path, lines, errors, prefix: tuple = ()) -> RulePackError:
    err = min(errors, key=lambda e: (len(e.absolute_path), str(e.message)))
    p = prefix + tuple(err.absolute_path)
    where = ".".join(str(x) for x in p) or "(top level)"
    msg = err.message
    if err.validator == "additionalProperties":
        extra = [k for k in (err.instance or {}) if k not in (err.schema.get("properties") or {})]
        if extra:
            msg = "unknown key " + ", ".join(f'"{k}"' for k in extra)
            p = p + (extra[0],)
    elif err.validator == "required":
        msg = msg.replace("is a required property", "is required")
    return RulePackError(f"{path}:{_line_for(lines, p)}: {where}: {msg}")


# ---------------------------------------------------------------- loading

def _builtin_dir() -> Path:
    """rules/ inside the installed package, or at the top of a source checkout."""
    return BUILTIN_DIR if BUILTIN_DIR.is_dir() else SOURCE_DIR


def _builtin_files() -> list[Path]:
    base = _builtin_dir()
    return sorted(base.glob("*.yml")) + sorted(base.glob("*.yaml"))


def pack_files(extra_dirs: list[Path] | None = None) -> list[Path]:
    files = _builtin_files()
    for d in extra_dirs or []:
        d = Path(d)
        if d.is_file():
            files.append(d)
        elif d.is_dir():
            files.extend(sorted(d.glob("*.yml")) + sorted(d.glob("*.yaml")))
        else:
            raise RulePackError(f"{d}: rule pack folder not found")
    return files


def load_pack(path: Path, *, trusted: bool = False) -> list[Rule]:
    """Load and validate one pack. ``trusted`` (only for the built-in packs whose digest
    matches ``rules/VALIDATED``, i.e. exactly the files the test suite validated) skips the
    schema validation and the line tracking, which keeps them off the start-up path."""
    from .checks import KINDS
    if trusted:
        import yaml
        data = yaml.load(path.read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        lines: dict[tuple, int] = {}
    else:
        data, lines = _load_yaml_with_lines(path)
        errors = list(_validator(PACK_SCHEMA).iter_errors(data))
        if errors:
            raise _schema_error(path, lines, errors)
    rules = []
    for i, r in enumerate(data["rules"]):
        here = ("rules", i)
        line = _line_for(lines, here)
        code = r["code"]
        kind = KINDS.get(r["kind"])
        if kind is None:
            raise RulePackError(
                f"{path}:{_line_for(lines, here + ('kind',))}: {code}: unknown kind "
                f"{r['kind']!r} (known: {', '.join(sorted(KINDS))})")
        params = r.get("params") or {}
        if trusted:
            rules.append(_rule(path, data, r, params, line))
            continue
        pschema = {"type": "object", "additionalProperties": False, "properties": kind.PARAMS}
        perrs = list(_validator_for_kind(kind, pschema).iter_errors(params))
        if perrs:
            raise _schema_error(path, lines, perrs, here + ("params",))
        for prof, over in (r.get("profiles") or {}).items():
            if isinstance(over, dict):
                perrs = list(_validator_for_kind(kind, pschema).iter_errors(over))
                if perrs:
                    raise _schema_error(path, lines, perrs, here + ("profiles", prof))
        _check_regexes(path, lines, kind, params, here + ("params",), code)
        try:
            r["message"].format_map(_AnyKeys())
        except (ValueError, IndexError) as exc:
            raise RulePackError(f"{path}:{_line_for(lines, here + ('message',))}: {code}: "
                                f"bad message template: {exc}") from None
        from .document import BLOCK_KINDS
        for s in r.get("scope") or []:
            if s.lstrip("~") not in BLOCK_KINDS:
                raise RulePackError(f"{path}:{_line_for(lines, here + ('scope',))}: {code}: "
                                    f"unknown scope {s!r} (known: {', '.join(sorted(BLOCK_KINDS))})")
        rules.append(_rule(path, data, r, params, line))
    return rules


def _rule(path: Path, data: dict, r: dict, params: dict, line: int) -> Rule:
    code = r["code"]
    examples = {k: [e if isinstance(e, dict) else {"text": e} for e in v]
                for k, v in (r.get("examples") or {}).items()}
    return Rule(
        code=code, name=r["name"], kind=r["kind"], category=CATEGORY_BY_PREFIX[code[:3]],
        severity=Severity.parse(r["severity"]), message=r["message"].strip(),
        description=" ".join(r["description"].split()), why=" ".join(r["why"].split()),
        sources=r["sources"], params=params, profiles=r.get("profiles") or {},
        examples=examples, enabled=r.get("enabled", True), scope=r.get("scope"),
        aliases=r.get("aliases", []), fixable=r.get("fixable", False),
        wcag=r.get("wcag") or [], pack=data["pack"],
        path=str(path), line=line)


WCAG_URL = "https://www.w3.org/WAI/WCAG22/Understanding/{slug}.html"


def wcag_lines(rule: Rule) -> list[str]:
    """One line per WCAG 2.2 success criterion of a rule: "1.1.1 Non-text Content (level A)",
    with "advisory" when the rule goes beyond what the criterion requires."""
    out = []
    for w in rule.wcag:
        line = f"{w['sc']} {w['name']} (level {w['level']})"
        if w.get("relation") == "advisory":
            line += ", advisory"
        if w.get("note"):
            line += f": {w['note']}"
        out.append(line)
    return out


def wcag_url(entry: dict[str, str]) -> str:
    import re as _re
    slug = _re.sub(r"[^a-z0-9]+", "-", entry["name"].lower()).strip("-")
    return WCAG_URL.format(slug=slug)


DIGEST_FILE = "VALIDATED"


def builtin_digest(files: list[Path] | None = None) -> str:
    """sha256 over the names and bytes of the built-in packs (and the plainspeak version)."""
    import hashlib
    from . import __version__
    files = files if files is not None else _builtin_files()
    h = hashlib.sha256(__version__.encode())
    for f in files:
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def write_digest() -> Path:
    """Record that the built-in packs as they are now passed validation (run by developers
    after `python -m pytest tests/test_rulepacks.py`; a test fails when it is stale)."""
    for f in _builtin_files():
        load_pack(f)              # full validation first: never record a broken pack
    target = _builtin_dir() / DIGEST_FILE
    target.write_text(builtin_digest() + "\n", encoding="utf-8")
    return target


def _builtin_trusted() -> bool:
    try:
        recorded = (_builtin_dir() / DIGEST_FILE).read_text(encoding="utf-8").strip()
        return recorded == builtin_digest()
    except OSError:
        return False


class _AnyKeys(dict):
    def __missing__(self, key):
        return 0


_KIND_VALIDATORS: dict[str, Any] = {}


def _validator_for_kind(kind, schema):
    v = _KIND_VALIDATORS.get(kind.KIND)
    if v is None:
        from jsonschema import Draft202012Validator
        v = _KIND_VALIDATORS[kind.KIND] = Draft202012Validator(schema)
    return v


def _check_regexes(path, lines, kind, params, here, code):
    for pname, spec in kind.PARAMS.items():
        if spec.get("format") == "regex" or (spec.get("items") or {}).get("format") == "regex":
            val = params.get(pname)
            vals = val if isinstance(val, list) else [val] if val else []
            for j, v in enumerate(vals):
                try:
                    re.compile(v)
                except re.error as exc:
                    p = here + (pname,) + ((j,) if isinstance(val, list) else ())
                    raise RulePackError(f"{path}:{_line_for(lines, p)}: {code}: bad regex "
                                        f"{v!r}: {exc}") from None


class RuleSet:
    """All rules from the built-in and user packs, indexed by code, name and alias."""

    def __init__(self, rules: list[Rule]):
        self.rules = sorted(rules, key=lambda r: r.code)
        self.by_code: dict[str, Rule] = {}
        self.by_name: dict[str, Rule] = {}
        for r in self.rules:
            for key, index in ((r.code, self.by_code), (r.name, self.by_name)):
                if key in index:
                    other = index[key]
                    raise RulePackError(f"{r.path}:{r.line}: duplicate rule {key!r} "
                                        f"(also defined at {other.path}:{other.line})")
                index[key] = r
        for r in self.rules:
            for a in r.aliases:
                if a in self.by_code or a in self.by_name:
                    raise RulePackError(f"{r.path}:{r.line}: alias {a!r} of {r.code} clashes "
                                        "with another rule")
                self.by_name[a] = r

    def get(self, key: str) -> Rule | None:
        return self.by_code.get(key.upper()) or self.by_name.get(key.lower()) or self.by_name.get(key)

    def resolve(self, selector: str) -> list[Rule]:
        """Rules matched by a selector: a code, a code prefix (``PS2``), a name, an alias,
        a pack name, a category, or ``ALL``."""
        s = selector.strip()
        if not s:
            return []
        if s.upper() == "ALL":
            return list(self.rules)
        r = self.get(s)
        if r is not None:
            return [r]
        if re.fullmatch(r"(?i)ps\d{0,3}", s):
            return [r for r in self.rules if r.code.startswith(s.upper())]
        out = [r for r in self.rules if r.pack == s or r.category == s]
        return out

    def __iter__(self):
        return iter(self.rules)

    def __len__(self):
        return len(self.rules)


def load_rules(extra_dirs: list[Path] | None = None, *, validate_builtin: bool = False) -> RuleSet:
    """Built-in packs are validated in full unless they are byte for byte the ones the test
    suite validated (``rules/VALIDATED``); user packs are always validated in full."""
    rules: list[Rule] = []
    base = _builtin_dir()
    trusted = not validate_builtin and _builtin_trusted()
    for f in pack_files(extra_dirs):
        rules.extend(load_pack(f, trusted=trusted and f.parent == base))
    return RuleSet(rules)
