"""Configuration: ``[tool.plainspeak]`` in pyproject.toml or a ``.plainspeak.toml``.

The nearest file from the working directory upward wins (no implicit merging, like ruff);
``--config FILE`` names one explicitly. Unknown keys, wrong types and unknown rules are a
:class:`ConfigError` naming the file (the CLI exits 2).
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROFILES = ("letter", "web", "portal")
FAIL_ON = ("error", "warning", "info", "never")
CONFIG_FILES = (".plainspeak.toml", "pyproject.toml")

# default profile by format when neither config, front matter nor --profile says otherwise
DEFAULT_PROFILE_BY_FORMAT = {"text": "letter", "markdown": "web", "html": "web",
                             "catalog-json": "portal", "docx": "letter"}

DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", ".venv", "venv", "env", ".tox",
                   ".nox", "__pycache__", ".mypy_cache", ".pytest_cache", ".plainspeak_cache",
                   "site-packages", "dist", "build", "_build")


class ConfigError(Exception):
    """The configuration is invalid; the message names the file."""


@dataclass
class PerPath:
    patterns: list[str]
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    profile: str | None = None


@dataclass
class CatalogOverride:
    patterns: list[str]
    source_locale: str | None = None
    required_locales: list[str] | None = None


@dataclass
class TranslationSettings:
    """[tool.plainspeak.translations]: locale sets of catalogs."""
    source_locale: str = "en"
    required_locales: list[str] | None = None      # None: every locale that has a catalog
    identical_allow: list[str] = field(default_factory=list)
    lock_file: str = "plainspeak-translations.lock"
    catalogs: list[CatalogOverride] = field(default_factory=list)


@dataclass
class Config:
    path: Path | None = None              # the file the configuration came from
    root: Path = field(default_factory=Path.cwd)   # paths in the config are relative to this
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    exclude: list[str] = field(default_factory=list)
    rule_packs: list[Path] = field(default_factory=list)
    max_file_size: float = 10.0           # MB
    language: str = "en"
    profiles: dict[str, list[str]] = field(default_factory=dict)   # profile -> path globs
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule key -> overrides
    per_path: list[PerPath] = field(default_factory=list)
    models: dict[str, str] = field(default_factory=dict)           # lang -> spaCy pipeline
    disability_language: str | None = None   # "person-first" (default) | "identity-first"
    locale: str | None = None                # "en-US" (default) | "en-GB"
    translations: "TranslationSettings" = field(default_factory=lambda: TranslationSettings())
    language_access: dict[str, Any] = field(default_factory=dict)   # -> PS640 params
    documents: dict[str, Any] = field(default_factory=dict)         # -> PS620/PS621 params

    def describe(self) -> str:
        return str(self.path) if self.path else "built-in defaults"


# ---------------------------------------------------------------- globs

_GLOB_CACHE: dict[str, re.Pattern] = {}


def glob_to_regex(pattern: str) -> re.Pattern:
    """gitignore-like globs: ``*`` stays inside a folder, ``**`` crosses folders, a pattern
    without ``/`` matches a name at any depth, a trailing ``/`` matches a folder's contents."""
    rx = _GLOB_CACHE.get(pattern)
    if rx is not None:
        return rx
    p = pattern.strip().replace("\\", "/")
    anchored = "/" in p.rstrip("/")
    if p.startswith("/"):
        p = p[1:]
    if p.endswith("/"):
        p += "**"
    out, i = [], 0
    while i < len(p):
        c = p[i]
        if p.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif p.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = p.find("]", i)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                out.append("[" + p[i + 1:j].replace("!", "^", 1) + "]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    body = "".join(out)
    rx = re.compile(("" if anchored else "(?:.*/)?") + body + "(?:/.*)?\\Z")
    _GLOB_CACHE[pattern] = rx
    return rx


def matches_any(relpath: str, patterns: list[str]) -> bool:
    return any(glob_to_regex(p).match(relpath) for p in patterns)


_REAL_ROOTS: dict[str, str] = {}


def relative_posix(path: str | Path, root: Path) -> str:
    """``path`` relative to ``root`` (symlinks resolved), POSIX separators; the path itself
    (POSIX) when it is outside ``root``."""
    key = str(root)
    r = _REAL_ROOTS.get(key)
    if r is None:
        r = _REAL_ROOTS[key] = os.path.realpath(key)
    try:
        real = os.path.realpath(os.fspath(path))
    except (OSError, ValueError):
        real = None
    if real is not None and (real == r or real.startswith(r.rstrip(os.sep) + os.sep)):
        rel = os.path.relpath(real, r)
        return "." if rel == "." else rel.replace(os.sep, "/")
    p = Path(path)
    return PurePosixPath(*p.parts).as_posix() if p.parts else "."


# ---------------------------------------------------------------- loading

_TOP_KEYS = {"select", "extend_select", "ignore", "fail_on", "exclude", "rule_packs",
             "max_file_size", "language", "profiles", "rules", "per_path", "models",
             "disability_language", "locale", "translations", "language_access", "documents"}
_RULE_KEYS = {"severity", "params", "profiles"}


def find_config(start: Path | None = None) -> Path | None:
    d = (start or Path.cwd()).resolve()
    for folder in (d, *d.parents):
        for name in CONFIG_FILES:
            f = folder / name
            if f.is_file():
                if name == "pyproject.toml":
                    try:
                        data = tomllib.loads(f.read_text(encoding="utf-8"))
                    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                        continue
                    if "plainspeak" not in data.get("tool", {}):
                        continue
                return f
    return None


def _norm(d: dict) -> dict:
    return {str(k).replace("-", "_"): v for k, v in d.items()}


def _line_of(text: str, key: str) -> str:
    for i, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*\[?[\w.\"-]*{re.escape(key)}\b", line):
            return f":{i}"
    return ""


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    if path is None:
        path = find_config(start)
        if path is None:
            return Config(root=(start or Path.cwd()).resolve())
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("plainspeak", {})
    elif "tool" in data and "plainspeak" in data.get("tool", {}):
        data = data["tool"]["plainspeak"]
    return parse_config(data, path, text)


def parse_config(raw: dict, path: Path, text: str = "") -> Config:
    cfg = Config(path=path, root=path.resolve().parent)
    data = _norm(raw)

    def err(key: str, msg: str) -> ConfigError:
        return ConfigError(f"{path}{_line_of(text, key)}: {key}: {msg}")

    def str_list(key: str, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise err(key, "must be a list of strings")
        return list(value)

    for key, value in data.items():
        if key not in _TOP_KEYS:
            close = [k for k in _TOP_KEYS if k.split("_")[0] == key.split("_")[0]]
            hint = f" (did you mean {close[0].replace('_', '-')!r}?)" if close else ""
            raise err(key, f"unknown setting{hint}; known: "
                      + ", ".join(sorted(k.replace("_", "-") for k in _TOP_KEYS)))
        if key == "select":
            cfg.select = str_list(key, value)
        elif key in ("extend_select", "ignore", "exclude"):
            setattr(cfg, key, str_list(key, value))
        elif key == "rule_packs":
            cfg.rule_packs = [cfg.root / p for p in str_list(key, value)]
        elif key == "fail_on":
            if value not in FAIL_ON:
                raise err(key, f"must be one of {', '.join(FAIL_ON)}")
            cfg.fail_on = value
        elif key == "max_file_size":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise err(key, "must be a positive number of megabytes")
            cfg.max_file_size = float(value)
        elif key == "language":
            if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*", value):
                raise err(key, "must be a language tag such as 'en' or 'es-US'")
            cfg.language = value.split("-")[0].lower()
        elif key == "profiles":
            if not isinstance(value, dict):
                raise err(key, "must be a table: profile = [path globs]")
            for prof, globs in value.items():
                if prof not in PROFILES:
                    raise err(key, f"unknown profile {prof!r} (use {', '.join(PROFILES)})")
                cfg.profiles[prof] = str_list(f"profiles.{prof}", globs)
        elif key == "disability_language":
            if value not in ("person-first", "identity-first"):
                raise err(key, "must be 'person-first' or 'identity-first'")
            cfg.disability_language = value
        elif key == "locale":
            if value not in ("en-US", "en-GB"):
                raise err(key, "must be 'en-US' or 'en-GB'")
            cfg.locale = value
        elif key == "translations":
            cfg.translations = _parse_translations(value, err, str_list)
        elif key in ("language_access", "documents"):
            if not isinstance(value, dict):
                raise err(key, "must be a table")
            value = _norm(value)
            for k, v in value.items():
                if isinstance(v, str) and k in ("tagline_languages", "required_languages", "vital"):
                    value[k] = [v]
            for k in ("tagline_languages", "required_languages"):
                for code in value.get(k) or []:
                    _check_locale(code, f"{key}.{k}", err)
            setattr(cfg, key, dict(value))
        elif key == "models":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise err(key, "must be a table: language = spaCy pipeline name")
            cfg.models = {k.lower(): v for k, v in value.items()}
        elif key == "rules":
            if not isinstance(value, dict):
                raise err(key, "must be a table of rule settings: [tool.plainspeak.rules.PS201]")
            for rkey, rset in value.items():
                if not isinstance(rset, dict):
                    raise err(f"rules.{rkey}", "must be a table (severity, params, profiles)")
                rset = _norm(rset)
                # shorthand: params may be given directly in the rule table
                params = dict(rset.pop("params", {}) or {})
                over: dict[str, Any] = {}
                for k, v in rset.items():
                    if k == "severity":
                        if v not in ("error", "warning", "info"):
                            raise err(f"rules.{rkey}.severity", "must be error, warning or info")
                        over["severity"] = v
                    elif k == "profiles":
                        if not isinstance(v, dict):
                            raise err(f"rules.{rkey}.profiles", "must be a table")
                        for prof, pv in v.items():
                            if prof not in PROFILES:
                                raise err(f"rules.{rkey}.profiles", f"unknown profile {prof!r}")
                            if not (pv is False or isinstance(pv, dict)):
                                raise err(f"rules.{rkey}.profiles.{prof}",
                                          "must be false (off) or a table of parameters")
                        over["profiles"] = v
                    else:
                        params[k] = v
                over["params"] = params
                cfg.rules[str(rkey)] = over
        elif key == "per_path":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise err(key, "must be an array of tables: [[tool.plainspeak.per-path]]")
            for entry in value:
                e = _norm(entry)
                unknown = set(e) - {"paths", "select", "ignore", "profile"}
                if unknown:
                    raise err("per_path", f"unknown key {sorted(unknown)[0]!r} "
                              "(use paths, select, ignore, profile)")
                if "paths" not in e:
                    raise err("per_path", "each entry needs 'paths'")
                prof = e.get("profile")
                if prof is not None and prof not in PROFILES:
                    raise err("per_path", f"unknown profile {prof!r}")
                cfg.per_path.append(PerPath(str_list("per_path.paths", e["paths"]),
                                            str_list("per_path.select", e.get("select", [])),
                                            str_list("per_path.ignore", e.get("ignore", [])),
                                            prof))
    return cfg


def _check_locale(code: Any, key: str, err) -> str:
    from .translations import locales
    if not isinstance(code, str) or not locales.is_valid(code):
        hint = locales.normalize(code) if isinstance(code, str) else None
        raise err(key, f"{code!r} is not a BCP 47 language tag"
                       + (f" (did you mean {hint!r}?)" if hint else " (e.g. 'es', 'pt-BR')"))
    return code


def _parse_translations(value: Any, err, str_list) -> TranslationSettings:
    if not isinstance(value, dict):
        raise err("translations", "must be a table")
    value = _norm(value)
    ts = TranslationSettings()
    known = {"source_locale", "required_locales", "identical_allow", "lock_file", "catalogs"}
    for k, v in value.items():
        if k not in known:
            raise err(f"translations.{k}", "unknown setting; known: "
                      + ", ".join(sorted(x.replace("_", "-") for x in known)))
        if k == "source_locale":
            ts.source_locale = _check_locale(v, "translations.source-locale", err)
        elif k == "required_locales":
            ts.required_locales = [_check_locale(c, "translations.required-locales", err)
                                   for c in str_list("translations.required-locales", v)]
        elif k == "identical_allow":
            ts.identical_allow = str_list("translations.identical-allow", v)
        elif k == "lock_file":
            if not isinstance(v, str) or not v:
                raise err("translations.lock-file", "must be a file name")
            ts.lock_file = v
        elif k == "catalogs":
            if not isinstance(v, list) or not all(isinstance(e, dict) for e in v):
                raise err("translations.catalogs", "must be an array of tables "
                          "([[tool.plainspeak.translations.catalogs]])")
            for e in v:
                e = _norm(e)
                extra = set(e) - {"paths", "source_locale", "required_locales"}
                if extra or "paths" not in e:
                    raise err("translations.catalogs", "each entry needs paths and may set "
                              "source-locale and required-locales")
                src = e.get("source_locale")
                req = e.get("required_locales")
                ts.catalogs.append(CatalogOverride(
                    str_list("translations.catalogs.paths", e["paths"]),
                    _check_locale(src, "translations.catalogs.source-locale", err) if src else None,
                    [_check_locale(c, "translations.catalogs.required-locales", err)
                     for c in str_list("translations.catalogs.required-locales", req)]
                    if req is not None else None))
    return ts


STARTER = '''\
# plainspeak configuration. Every setting is optional; delete what you do not need.
# Docs: plainspeak rules (list of rules), plainspeak explain PS201 (one rule in detail).

[tool.plainspeak]
# Which rules run. A code (PS201), a prefix (PS2), a name (long-sentence), a pack
# (structure), a category (readability) or ALL. Rules marked "off by default" in
# `plainspeak rules` run only when selected.
# select = ["ALL"]
# extend-select = ["PS104"]       # add rules on top of the defaults
ignore = []

# Exit with 1 when a finding at or above this severity is found: error, warning, info, never.
fail-on = "error"

# Files and folders to skip (gitignore-style globs, relative to this file).
exclude = ["drafts/**"]

# Default language of documents that do not declare one (html lang, front matter lang).
language = "en"

# Disability language: "person-first" ("people with disabilities", the US default) or
# "identity-first" ("disabled people"; also flags "person with autism" -> "autistic person").
# Follow the preference of the community you write for.
# disability-language = "person-first"

# Usage locale where US and UK sources differ ("intellectual" vs "learning disability").
# locale = "en-US"

# Files larger than this (in MB) are reported (PS905) instead of checked.
max-file-size = 10

# Extra rule packs (folders of *.yml files) written by your organisation.
# rule-packs = ["style/plainspeak"]

# Which profile (thresholds) applies to which files. Otherwise: front matter
# `plainspeak-profile: letter`, or by file type (.txt and .docx letter, .md/.html web, .json portal).
[tool.plainspeak.profiles]
letter = ["letters/**"]
web = ["site/**", "pages/**"]
portal = ["locales/**", "i18n/**"]

# Per-rule settings: severity and parameters, optionally per profile.
# [tool.plainspeak.rules.long-sentence]
# severity = "error"
# warn = 25
# error = 35
# profiles.portal = { warn = 12, error = 20 }

# Per-path rule selection.
# [[tool.plainspeak.per-path]]
# paths = ["legal/**"]
# ignore = ["PS101"]
'''
