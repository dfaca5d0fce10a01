"""Check kinds: code that rules (YAML data) pick with ``kind:``.

A kind is a module with:

- ``SUMMARY``: one line saying what it checks;
- ``SCOPES``: the scopes it supports, the first being its default;
- ``OPTIONS``: ``{name: Option(...)}``, the schema every rule's options are
  validated against (defaults are filled in at load time);
- ``FIELDS``: the placeholders it provides to the rule's message template;
- ``compile(options) -> object``: called once per rule per process, may raise
  ``ValueError("option 'x': problem")`` for values the schema cannot judge;
- ``check(doc, scope, compiled) -> Iterator[Hit]``.

A kind never formats messages, knows severities, or computes line numbers.
The kind's name is its module name with '-' for '_' (``list_termination.py``
is kind ``list-termination``): adding a module adds a kind. Kinds are
imported on first use, so a rule set that does not use a kind never pays
for its imports.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any


def kind_names() -> list[str]:
    """Every kind, from the modules of this package (none is imported)."""
    return sorted(m.name.replace("_", "-") for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


@dataclass(frozen=True, slots=True)
class Hit:
    """One finding of a kind: an offset span and the values for the message.

    ``fix`` is replacement text for ``[start, end)``; ``related`` an offset
    span elsewhere in the document that the finding refers to (for example
    the first use of a repeated phrase).
    """

    start: int
    end: int
    values: dict[str, Any] = field(default_factory=dict)
    fix: str | None = None
    related: tuple[int, int] | None = None


OPTION_TYPES = ("int", "number", "bool", "str", "str-list", "str-list-list", "str-map", "regex-list", "choice")


@dataclass(frozen=True)
class Option:
    """Schema of one option: type, default, and bounds or choices."""

    type: str
    default: Any
    help: str = ""
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()

    def validate(self, value: Any) -> tuple[Any, str | None]:
        """Return (normalised value, problem or None)."""
        t = self.type
        if t == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                return value, f"must be an integer, got {_show(value)}"
        elif t == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return value, f"must be a number, got {_show(value)}"
        elif t == "bool":
            if not isinstance(value, bool):
                return value, f"must be true or false, got {_show(value)}"
        elif t == "str":
            if not isinstance(value, str):
                return value, f"must be a string, got {_show(value)}"
        elif t == "choice":
            if value not in self.choices:
                return value, f"must be one of {', '.join(self.choices)}, got {_show(value)}"
        elif t in ("str-list", "regex-list"):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return value, f"must be a list of strings, got {_show(value)}"
            if t == "regex-list":
                import regex

                for v in value:
                    try:
                        regex.compile(v)
                    except regex.error as e:
                        return value, f"has an invalid regular expression {v!r}: {e}"
        elif t == "str-list-list":
            if not isinstance(value, list) or not all(
                isinstance(g, list) and g and all(isinstance(v, str) for v in g) for g in value
            ):
                return value, f"must be a list of lists of strings, got {_show(value)}"
        elif t == "str-map":
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                return value, f"must be a mapping of strings to strings, got {_show(value)}"
        if t in ("int", "number"):
            if self.min is not None and value < self.min:
                return value, f"must be at least {self.min:g}, got {value}"
            if self.max is not None and value > self.max:
                return value, f"must be at most {self.max:g}, got {value}"
        return value, None


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "nothing (null)"
    return f"{value!r} ({type(value).__name__})"


_LOADED: dict[str, ModuleType] = {}
# compiled rules by Rule.key, shared by rules.py (which compiles to validate) and the engine
COMPILED: dict[str, Any] = {}


def get_kind(name: str) -> ModuleType:
    """The module of kind ``name``.

    Importing a kind must stay cheap (heavy imports go inside compile or
    check), because validating a rule imports the kind it names.
    """
    mod = _LOADED.get(name)
    if mod is None:
        mod = importlib.import_module(__name__ + "." + name.replace("-", "_"))
        _LOADED[name] = mod
    return mod
