"""Custom resources as the API server checks them on create: structural schema, defaults, CEL.

A CustomResourceDefinition (CRD) carries an OpenAPI v3 schema, and the API server's
apiextensions-apiserver applies it to every object of that kind, in this order:

1. **Decoding.** Under strict field validation (`kubectl apply`'s default), a field the schema
   does not declare is refused as for a built-in kind (`strict decoding error: unknown field
   "spec.rules[0].paths"`) and nothing else is checked. The loader does this with the
   `schema.Struct` view of the schema (`as_struct`), without its type checks: a value of the
   wrong type is the schema validation's finding here, not the decoder's.
2. **Defaulting** (`apply_defaults`): every absent field with a `default` gets it, top-down, in
   list items too, so a default may itself be defaulted further; a `null` counts as absent.
3. **Validation** (`validate`): the ObjectMeta (the caller's), then the schema through
   kube-openapi (type, required, enum, pattern, string lengths, item and property counts,
   bounds), then the `x-kubernetes-list-type` map and set invariants, then the
   `x-kubernetes-validations` CEL rules. The rules are skipped when the schema already found an
   unsupported enum value, a missing required field, a string or list that is too long, or a
   value of the wrong type; one last finding says so (apiextensions `hasBlockingErr`).

Messages are those the API server prints. kube-openapi's (`pkg/validation/errors/schema.go`:
`spec.x in body should match '<pattern>'`, `... should be at least 1 chars long`, `... should be
greater than or equal to 1`, `... must be of type integer: "string"`) become field errors as
apiextensions-apiserver turns them (`kubeOpenAPIErrorToFieldError`: required → Required value,
enum → Unsupported value, maxLength → Too long, maxItems and maxProperties → Too many, a wrong
type → Invalid value with the JSON type as the value, the rest → Invalid value with the value);
a duplicate list-map key is `Duplicate value: map[string]interface {}{"name":"x"}` (Go's `%#v`);
a CEL rule that fails is `Invalid value: "object": <its message>` (the value is the schema type
of the field holding the rule), one that cannot be evaluated `... : no such key: x evaluating
rule: <its message>`. Each CEL rule is written here as a Python predicate on the defaulted
value (`Cel`), next to the message the CRD gives it.

Kinds defined with this module: `gateway_api.py` (Gateway API). This module knows nothing about
routing, YAML or any one kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, TypeAlias

from . import schema
from .errors import (
    DUPLICATE,
    INVALID,
    REQUIRED,
    TOO_LONG,
    TOO_MANY,
    TYPE_INVALID,
    UNSUPPORTED,
    FieldError,
    RawValue,
    go_quote,
)

__all__ = [
    "Arr",
    "Bool",
    "Cel",
    "CustomKind",
    "Int",
    "Node",
    "Obj",
    "Str",
    "StrMap",
    "apply_defaults",
    "format_error",
    "has",
    "plain_copy",
    "validate",
]

#: what a CEL predicate returns: True (holds), False (fails), or the evaluation error's text
CelResult: TypeAlias = bool | str
_ABSENT = object()


@dataclass(frozen=True, slots=True)
class Cel:
    """One `x-kubernetes-validations` rule: the CRD's message, and its expression as a Python
    predicate on the (defaulted) value of the field that holds it. The predicate returns a
    string when CEL could not evaluate the expression (`no such key: certificateRefs`)."""

    message: str
    check: Callable[[Any], CelResult]


@dataclass(frozen=True, slots=True)
class Str:
    """A string: `pattern` as the CRD writes it (ECMA syntax, read here as Go's RE2 reads it:
    unanchored unless it anchors itself), lengths in characters, an optional enum."""

    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    enum: tuple[str, ...] | None = None
    default: Any = _ABSENT
    rules: tuple[Cel, ...] = ()


@dataclass(frozen=True, slots=True)
class Int:
    """An integer (`format: int32` or `int64`), with optional bounds and enum."""

    minimum: int | None = None
    maximum: int | None = None
    enum: tuple[int, ...] | None = None
    default: Any = _ABSENT
    int32: bool = True
    rules: tuple[Cel, ...] = ()


@dataclass(frozen=True, slots=True)
class Bool:
    default: Any = _ABSENT
    rules: tuple[Cel, ...] = ()


@dataclass(frozen=True, slots=True)
class Arr:
    """A list: `list_type` is `atomic`, `set` or `map` (with `map_keys`)."""

    item: Node
    min_items: int | None = None
    max_items: int | None = None
    list_type: str = "atomic"
    map_keys: tuple[str, ...] = ()
    default: Any = _ABSENT
    rules: tuple[Cel, ...] = ()


@dataclass(frozen=True, slots=True)
class StrMap:
    """An object with any keys and string values (`additionalProperties: {type: string}`)."""

    value: Str = Str()
    max_properties: int | None = None
    default: Any = _ABSENT
    rules: tuple[Cel, ...] = ()


@dataclass(frozen=True, slots=True)
class Obj:
    """An object with declared properties. `go_name` is the Go struct behind it, for the
    decoder's hints about unknown fields."""

    go_name: str
    fields: Mapping[str, Node]
    required: tuple[str, ...] = ()
    default: Any = _ABSENT
    rules: tuple[Cel, ...] = ()
    #: schema constraints beyond the properties' own (a `oneOf`), as functions of the value
    #: and its path that yield the findings
    checks: tuple[Callable[[Any, str], Iterator[FieldError]], ...] = ()


Node: TypeAlias = Str | Int | Bool | Arr | StrMap | Obj


@dataclass(frozen=True)
class CustomKind:
    """A kind served from a CRD: its `spec` schema, whether it is namespaced, and the CRD it
    comes from (for messages). `status` is the status subresource's: never checked on create."""

    kind: str
    spec: Obj
    namespaced: bool
    crd: str

    @cached_property
    def root(self) -> Obj:
        return Obj(self.kind, {"spec": self.spec}, required=("spec",))

    @cached_property
    def struct(self) -> schema.Struct:
        """The decoder's view: apiVersion, kind, metadata, spec, and an unchecked status."""
        spec = as_struct(self.spec)
        assert isinstance(spec, schema.Struct)
        return schema.Struct(
            self.kind,
            {
                "apiVersion": schema.STRING,
                "kind": schema.STRING,
                "metadata": schema.OBJECT_META,
                "spec": spec,
                "status": schema.Any_(f"{self.kind}Status"),
            },
        )


def as_struct(node: Node) -> schema.Node:
    """`node` as the decoder's field schema: what is a field, what is a list, what is a map."""
    if isinstance(node, Obj):
        return schema.Struct(node.go_name, {k: as_struct(v) for k, v in node.fields.items()})
    if isinstance(node, Arr):
        return schema.ListOf(as_struct(node.item))
    if isinstance(node, StrMap):
        return schema.MapOf(schema.STRING)
    if isinstance(node, Int):
        return schema.INT32 if node.int32 else schema.INT64
    if isinstance(node, Bool):
        return schema.BOOL
    return schema.STRING


def has(value: Any, key: str) -> bool:
    """CEL's `has(self.key)`: the field is present (an empty string or list is present)."""
    return isinstance(value, Mapping) and value.get(key) is not None


# ------------------------------------------------------------------------------------------------
# Defaulting


def apply_defaults(value: Any, node: Node) -> Any:
    """`value` (plain dicts and lists, changed in place) with the schema's defaults filled in;
    `null` fields are dropped first, as apiextensions prunes nulls of non-nullable fields."""
    if isinstance(node, Obj) and isinstance(value, dict):
        for key in [k for k, v in value.items() if v is None]:
            del value[key]
        for key, child in node.fields.items():
            if key not in value and child.default is not _ABSENT:
                value[key] = plain_copy(child.default)
            if key in value:
                value[key] = apply_defaults(value[key], child)
    elif isinstance(node, Arr) and isinstance(value, list):
        for i, item in enumerate(value):
            value[i] = apply_defaults(item, node.item)
    return value


def plain_copy(value: Any) -> Any:
    """A deep copy made of plain dicts and lists (decoded manifests are subclasses that carry
    source positions, which defaults must neither copy nor keep)."""
    if isinstance(value, Mapping):
        return {k: plain_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_copy(v) for v in value]
    return value


# ------------------------------------------------------------------------------------------------
# Validation


def validate(value: Any, node: Obj) -> list[FieldError]:
    """The schema, list-type and CEL findings for a defaulted object (metadata excluded)."""
    errors = list(_schema_errors(value, node, ""))
    errors += _list_errors(value, node, "")
    if any(e.type in _BLOCKING for e in errors):
        errors.append(
            FieldError(
                "<nil>",
                INVALID,
                "some validation rules were not checked because the object was invalid; "
                "correct the existing errors to complete validation",
                None,
            )
        )
    else:
        errors += _cel_errors(value, node, "")
    return errors


#: apiextensions' hasBlockingErr: findings after which the CEL rules are not evaluated
_BLOCKING = frozenset({UNSUPPORTED, REQUIRED, TOO_LONG, TOO_MANY, TYPE_INVALID})


def _child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _json_type(value: Any) -> str:
    """The JSON type of a decoded value, as kube-openapi names it in a type error."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _schema_type(node: Node) -> str:
    if isinstance(node, Obj | StrMap):
        return "object"
    if isinstance(node, Arr):
        return "array"
    if isinstance(node, Int):
        return "integer"
    if isinstance(node, Bool):
        return "boolean"
    return "string"


def type_error(path: str, want: str, value: Any) -> FieldError:
    """The schema's refusal of a value of the wrong JSON type at `path`."""
    got = _json_type(value)
    return FieldError(path, TYPE_INVALID, f'{path} in body must be of type {want}: "{got}"', got)


def _schema_errors(value: Any, node: Node, path: str) -> Iterator[FieldError]:
    want = _schema_type(node)
    if want != _json_type(value):
        yield type_error(path, want, value)
        return
    if isinstance(node, Obj):
        for key in node.required:
            if key not in value:
                yield FieldError(_child(path, key), REQUIRED)
        for key, child in node.fields.items():
            if key in value:
                yield from _schema_errors(value[key], child, _child(path, key))
        for check in node.checks:
            yield from check(value, path)
    elif isinstance(node, StrMap):
        if node.max_properties is not None and len(value) > node.max_properties:
            yield _too_many(path, len(value), node.max_properties, "properties")
        for key, item in value.items():
            yield from _schema_errors(item, node.value, _child(path, str(key)))
    elif isinstance(node, Arr):
        if node.max_items is not None and len(value) > node.max_items:
            yield _too_many(path, len(value), node.max_items, "items")
        if node.min_items is not None and len(value) < node.min_items:
            detail = f"{path} in body should have at least {node.min_items} items"
            yield FieldError(path, INVALID, detail, len(value))
        for i, item in enumerate(value):
            yield from _schema_errors(item, node.item, _child(path, i))
    elif isinstance(node, Str):
        if node.max_length is not None and len(value) > node.max_length:
            unit = "byte" if node.max_length == 1 else "bytes"
            yield FieldError(path, TOO_LONG, f"may not be more than {node.max_length} {unit}")
        if node.min_length is not None and len(value) < node.min_length:
            detail = f"{path} in body should be at least {node.min_length} chars long"
            yield FieldError(path, INVALID, detail, value)
        if node.pattern is not None and _regex(node.pattern).search(value) is None:
            detail = f"{path} in body should match '{node.pattern}'"
            yield FieldError(path, INVALID, detail, value)
        if node.enum is not None and value not in node.enum:
            yield _not_supported(path, value, node.enum)
    elif isinstance(node, Int):
        number = int(value)
        if node.minimum is not None and number < node.minimum:
            detail = f"{path} in body should be greater than or equal to {node.minimum}"
            yield FieldError(path, INVALID, detail, number)
        if node.maximum is not None and number > node.maximum:
            detail = f"{path} in body should be less than or equal to {node.maximum}"
            yield FieldError(path, INVALID, detail, number)
        if node.enum is not None and number not in node.enum:
            yield _not_supported(path, number, [str(v) for v in node.enum])


def format_error(path: str, value: str, format_name: str) -> FieldError:
    """A value that is not of an OpenAPI `format` (kube-openapi's InvalidType for a format)."""
    return FieldError(
        path, TYPE_INVALID, f'{path} in body must be of type {format_name}: "{value}"', value
    )


def _too_many(path: str, actual: int, maximum: int, what: str) -> FieldError:
    unit = what.removesuffix("s") if maximum == 1 else what
    return FieldError(path, TOO_MANY, f"must have at most {maximum} {unit}", actual)


def _not_supported(path: str, value: Any, valid: Sequence[str]) -> FieldError:
    shown = ", ".join(go_quote(v) for v in valid)
    return FieldError(path, UNSUPPORTED, f"supported values: {shown}", value)


def _list_errors(value: Any, node: Node, path: str) -> Iterator[FieldError]:
    """apiextensions' ValidateListSetsAndMaps: a list-type map has one item per key, a set
    holds no value twice. Only where the schema's types held."""
    if isinstance(node, Obj) and isinstance(value, dict):
        for key, child in node.fields.items():
            if key in value:
                yield from _list_errors(value[key], child, _child(path, key))
    elif isinstance(node, Arr) and isinstance(value, list):
        if node.list_type == "map":
            seen: set[tuple[Any, ...]] = set()
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    continue
                keys = tuple(item.get(k) for k in node.map_keys)
                if any(isinstance(k, dict | list) for k in keys):
                    continue  # a key of the wrong type: the schema's type error says so
                if keys in seen:
                    shown = ",".join(
                        f"{go_quote(k)}:{_go_value(item.get(k))}" for k in node.map_keys
                    )
                    duplicate = RawValue(f"map[string]interface {{}}{{{shown}}}")
                    yield FieldError(_child(path, i), DUPLICATE, value=duplicate)
                seen.add(keys)
        elif node.list_type == "set":
            seen_values: list[Any] = []
            for i, item in enumerate(value):
                if item in seen_values:
                    yield FieldError(_child(path, i), DUPLICATE, value=item)
                seen_values.append(item)
        for i, item in enumerate(value):
            yield from _list_errors(item, node.item, _child(path, i))


def _go_value(value: Any) -> str:
    """A map value as Go's `%#v` prints it inside a `map[string]interface {}`."""
    if isinstance(value, str):
        return go_quote(value)
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value}"
    return repr(value)


def _cel_errors(value: Any, node: Node, path: str) -> Iterator[FieldError]:
    """The CEL rules of `node` on `value`, then those below it."""
    if value is None:
        return
    for rule in node.rules:
        result = rule.check(value)
        if result is True:
            continue
        detail = rule.message if result is False else f"{result} evaluating rule: {rule.message}"
        yield FieldError(path, INVALID, detail, _schema_type(node))
    if isinstance(node, Obj) and isinstance(value, dict):
        for key, child in node.fields.items():
            if key in value:
                yield from _cel_errors(value[key], child, _child(path, key))
    elif isinstance(node, Arr) and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _cel_errors(item, node.item, _child(path, i))
    elif isinstance(node, StrMap) and isinstance(value, dict):
        for key, item in value.items():
            yield from _cel_errors(item, node.value, _child(path, str(key)))


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(_python_regex(pattern))


def _python_regex(pattern: str) -> str:
    """An OpenAPI `pattern` as Python reads it the way Go's regexp does: `$` outside a class
    and unescaped is the end of the text (Python's `$` also matches before a final newline)."""
    out: list[str] = []
    escaped = in_class = False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif in_class:
            out.append(ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        elif ch == "$":
            out.append(r"\Z")
        else:
            out.append(ch)
    return "".join(out)
