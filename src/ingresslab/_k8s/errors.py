"""The exceptions and problem records of Ingress Lab.

Every error carries the objects it is about, so a caller can render it or act on it::

    IngressLabError
     ├── ManifestError          one input could not be loaded (YAML syntax, size, encoding)
     └── InvalidManifestsError  loading finished with errors; carries every Problem found

`FieldError` is the API server's shape of one validation finding
(`spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address`).
This module knows nothing about YAML, routing or the CLI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["FieldError", "RawValue", "go_quote"]

# The error types of k8s.io/apimachinery/pkg/util/validation/field/errors.go, by their
# human-readable text (ErrorType.String()).
REQUIRED = "Required value"
INVALID = "Invalid value"
UNSUPPORTED = "Unsupported value"
DUPLICATE = "Duplicate value"
FORBIDDEN = "Forbidden"
TOO_LONG = "Too long"
TOO_MANY = "Too many"
NOT_FOUND = "Not found"
INTERNAL = "Internal error"
TYPE_INVALID = "Invalid type"

_OMIT = object()


@dataclass(frozen=True, slots=True)
class FieldError:
    """One finding about one field, rendered as the API server renders `field.Error`.

    `value` is the offending value, or `None`-like absence for errors that print no value
    (`Required value`, `Forbidden`, `Too many`, ...).
    """

    field: str
    type: str
    detail: str = ""
    value: Any = _OMIT
    # Unsupported value lists the allowed values in its detail, as upstream's NotSupported does.

    @property
    def has_value(self) -> bool:
        return self.value is not _OMIT

    def __str__(self) -> str:
        # Mirrors field.Error.Error()/ErrorBody() (apimachinery v0.36):
        # "<field>: <type>[: <value>][: <detail>]". Whether the value is printed depends on the
        # type, not on whether one was given: Required, Forbidden, Too long and Internal error
        # never print it; the other types print it unless it was omitted. TypeInvalid renders
        # as "Invalid value", as ErrorTypeTypeInvalid.String() does.
        type_text = INVALID if self.type == TYPE_INVALID else self.type
        parts = [f"{self.field}: {type_text}"]
        if self.has_value and self.type not in _VALUELESS_TYPES:
            parts.append(_render_value(self.value))
        if self.detail:
            parts.append(self.detail)
        return ": ".join(parts)


_VALUELESS_TYPES = frozenset({REQUIRED, FORBIDDEN, TOO_LONG, INTERNAL})


@dataclass(frozen=True, slots=True)
class RawValue:
    """A bad value whose rendering is given as is: what Go's `%#v` prints for a value that is
    neither a string, a number nor a bool (`map[string]interface {}{"name":"x"}`)."""

    text: str


def _render_value(value: Any) -> str:
    # field.Error renders strings with Go's %q, numbers and bools with %v, and anything else
    # through encoding/json (compact, HTML-escaped). Mappings are emitted in their own order:
    # a caller emulating a Go map (which encoding/json sorts) passes its keys sorted, one
    # emulating a Go struct passes them in field order.
    if isinstance(value, RawValue):
        return value.text
    if isinstance(value, str):
        return _go_quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return _go_json(value)


def _go_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


_GO_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}


def go_quote(text: str) -> str:
    """Go's strconv.Quote (`%q`) of `text`."""
    return _go_quote(text)


def _go_quote(text: str) -> str:
    # strconv.Quote: printable runes stay, the usual C escapes, \xNN below 0x80, \uNNNN and
    # \UNNNNNNNN above. Python's isprintable() and Go's unicode.IsPrint agree on which
    # characters count (letters, marks, numbers, punctuation, symbols, and the ASCII space).
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)
