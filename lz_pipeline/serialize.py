"""Dataclasses ↔ JSON, driven by their type hints: what steps hand each other, readable by DuckDB and pandas.

A file is ``{"format_version": N, "type": "<hint>", "value": …}``. Values follow their declared types, not
their runtime ones: Decimal as a string (never a float, so 3542.28 stays 3542.28), enums by value, tuples
and lists as arrays, dicts as objects (int keys as their digits), dataclasses as objects of their fields.
Reading is strict: another format_version, another type, a missing field without a default, a field the
class no longer has or a value of the wrong kind fails with a FormatError naming the file and the spot.

Bump FORMAT_VERSION when a stored dataclass changes in a way old files cannot be read as (a field
renamed, removed or retyped); a field added with a default reads old files as they are.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import types
import typing
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

FORMAT_VERSION = 1
SCALARS = (str, int, float, bool, type(None))  # what a field typed ``object`` or ``Any`` may hold


class FormatError(ValueError):
    """A step file this code cannot read: names the file and what is wrong with it."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class Mismatch(Exception):
    """A value that does not fit its type hint, at ``where`` (a JSON path such as value[0].tables)."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    """(name, resolved hint, has a default) of each field of a dataclass."""
    hints = typing.get_type_hints(cls)
    missing = dataclasses.MISSING
    return tuple(
        (f.name, hints[f.name], f.default is not missing or f.default_factory is not missing)
        for f in dataclasses.fields(cls)
    )


def type_name(hint: Any) -> str:
    """``list[RawDocument]``, ``Publications``: the hint as written, without module paths (they may move)."""
    origin = typing.get_origin(hint)
    if origin is None:
        return "None" if hint is type(None) else getattr(hint, "__name__", str(hint))
    args = ", ".join("..." if a is Ellipsis else type_name(a) for a in typing.get_args(hint))
    if origin in (typing.Union, types.UnionType):
        return " | ".join(type_name(a) for a in typing.get_args(hint))
    return f"{getattr(origin, '__name__', str(origin))}[{args}]"


def _key_codec(hint: Any, where: str) -> tuple[Callable[[Any], str], Callable[[str], Any]]:
    if hint is str:
        return str, str
    if hint is int:
        return str, int
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return (lambda k: str(k.value)), hint
    raise Mismatch(where, f"dict keys of type {type_name(hint)} are not supported")


def _wrong(where: str, hint: Any, value: Any) -> Mismatch:
    return Mismatch(where, f"expected {type_name(hint)}, found {type(value).__name__} {value!r:.60}")


def encode(value: Any, hint: Any, where: str = "value") -> Any:
    """``value`` as JSON-ready data, following ``hint``; raises Mismatch where it does not fit."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any or hint is object:
        if not isinstance(value, SCALARS):
            raise _wrong(where, "a JSON scalar (str, int, float, bool or None)", value)
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        for arg in args:
            if arg is not type(None) and _fits(value, arg):
                return encode(value, arg, where)
        raise _wrong(where, hint, value)
    if hint is type(None):
        if value is not None:
            raise _wrong(where, hint, value)
        return None
    if hint is Decimal:
        if not isinstance(value, Decimal):
            raise _wrong(where, hint, value)
        return str(value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        if not isinstance(value, hint):
            raise _wrong(where, hint, value)
        return value.value
    if hint in (str, int, bool) or hint is float:
        if not _fits(value, hint):
            raise _wrong(where, hint, value)
        return float(value) if hint is float else value
    if dataclasses.is_dataclass(hint):
        if type(value) is not hint:
            raise _wrong(where, hint, value)
        return {name: encode(getattr(value, name), h, f"{where}.{name}") for name, h, _ in _fields(hint)}
    if origin in (list, tuple):
        if not isinstance(value, origin):
            raise _wrong(where, hint, value)
        items = _item_hints(hint, len(value), where)
        return [encode(v, h, f"{where}[{i}]") for i, (v, h) in enumerate(zip(value, items, strict=True))]
    if origin is dict:
        if not isinstance(value, dict):
            raise _wrong(where, hint, value)
        to_key, _ = _key_codec(args[0], where)
        return {to_key(k): encode(v, args[1], f"{where}.{k}") for k, v in value.items()}
    raise Mismatch(where, f"type {type_name(hint)} is not supported")


def decode(data: Any, hint: Any, where: str = "value") -> Any:
    """JSON data back into ``hint``'s type; raises Mismatch where it does not fit."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any or hint is object:
        if not isinstance(data, SCALARS):
            raise _wrong(where, "a JSON scalar", data)
        return data
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return decode(data, arg, where)
            except Mismatch as error:
                errors.append(error)
        raise errors[0] if len(errors) == 1 else _wrong(where, hint, data)
    if hint is type(None):
        if data is not None:
            raise _wrong(where, hint, data)
        return None
    if hint is Decimal:
        if not isinstance(data, str):
            raise _wrong(where, "Decimal (as a string)", data)
        try:
            return Decimal(data)
        except InvalidOperation:
            raise _wrong(where, "Decimal (as a string)", data) from None
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(data)
        except ValueError:
            raise _wrong(where, hint, data) from None
    if hint in (str, int, bool) or hint is float:
        if not _fits(data, hint):
            raise _wrong(where, hint, data)
        return float(data) if hint is float else data
    if dataclasses.is_dataclass(hint):
        if not isinstance(data, dict):
            raise _wrong(where, hint, data)
        fields = _fields(hint)
        unknown = set(data) - {name for name, _, _ in fields}
        if unknown:
            raise Mismatch(where, f"{type_name(hint)} has no field {', '.join(sorted(unknown))}")
        kwargs = {}
        for name, h, has_default in fields:
            if name in data:
                kwargs[name] = decode(data[name], h, f"{where}.{name}")
            elif not has_default:
                raise Mismatch(where, f"{type_name(hint)} field {name} is missing")
        return hint(**kwargs)
    if origin in (list, tuple):
        if not isinstance(data, list):
            raise _wrong(where, hint, data)
        items = _item_hints(hint, len(data), where)
        return origin(decode(v, h, f"{where}[{i}]") for i, (v, h) in enumerate(zip(data, items, strict=True)))
    if origin is dict:
        if not isinstance(data, dict):
            raise _wrong(where, hint, data)
        _, from_key = _key_codec(args[0], where)
        out = {}
        for k, v in data.items():
            try:
                key = from_key(k)
            except ValueError:
                raise Mismatch(where, f"key {k!r} does not read as {type_name(args[0])}") from None
            out[key] = decode(v, args[1], f"{where}.{k}")
        return out
    raise Mismatch(where, f"type {type_name(hint)} is not supported")


def _fits(value: Any, hint: Any) -> bool:
    """Whether ``value`` is of ``hint``'s kind (a bool is no int here; an int is a float, as in JSON)."""
    origin = typing.get_origin(hint) or hint
    if origin in (int, float):
        return isinstance(value, (int, float) if origin is float else int) and not isinstance(value, bool)
    return isinstance(value, origin)


def _item_hints(hint: Any, n: int, where: str) -> list[Any]:
    args = typing.get_args(hint)
    if typing.get_origin(hint) is list or (len(args) == 2 and args[1] is Ellipsis):
        return [args[0]] * n
    if len(args) != n:
        raise Mismatch(where, f"expected {len(args)} items for {type_name(hint)}, found {n}")
    return list(args)


# Compiled codecs: the same rules as ``encode`` and ``decode``, resolved once per hint instead of once per
# value, and without building the JSON path of every value on the way (a document holds ~10,000 values:
# the step files cost ~5x less to read this way). They accept exactly what the walkers above accept and
# give the same result; on anything they refuse, the walker runs again to say where and why.


class _Refused(Exception):
    """A compiled codec met a value that does not fit; the walker reports it."""


def _scalar_check(hint: Any) -> Callable[[Any], bool]:
    if hint is int:
        return lambda v: type(v) is not bool and isinstance(v, int)
    if hint is float:
        return lambda v: type(v) is not bool and isinstance(v, (int, float))
    return lambda v: isinstance(v, hint)


@functools.cache
def _decoder(hint: Any) -> Callable[[Any], Any]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any or hint is object:

        def any_scalar(data: Any) -> Any:
            if not isinstance(data, SCALARS):
                raise _Refused
            return data

        return any_scalar
    if origin in (typing.Union, types.UnionType):
        optional = type(None) in args
        choices = [a for a in args if a is not type(None)]

        def union(data: Any) -> Any:
            if data is None and optional:
                return None
            for arg in choices:
                try:
                    return _decoder(arg)(data)
                except _Refused:
                    continue
            raise _Refused

        return union
    if hint is type(None):

        def none(data: Any) -> None:
            if data is not None:
                raise _Refused

        return none
    if hint is Decimal:

        def decimal(data: Any) -> Decimal:
            if not isinstance(data, str):
                raise _Refused
            try:
                return Decimal(data)
            except InvalidOperation:
                raise _Refused from None

        return decimal
    if isinstance(hint, type) and issubclass(hint, enum.Enum):

        def member(data: Any) -> Any:
            try:
                return hint(data)
            except ValueError:
                raise _Refused from None

        return member
    if hint in (str, int, bool) or hint is float:
        fits = _scalar_check(hint)

        def scalar(data: Any) -> Any:
            if not fits(data):
                raise _Refused
            return float(data) if hint is float else data

        return scalar
    if dataclasses.is_dataclass(hint):
        fields: list[tuple[str, Callable[[Any], Any], bool]] = []  # filled on first use: a class may hold itself

        def instance(data: Any) -> Any:
            if not isinstance(data, dict):
                raise _Refused
            if not fields:
                fields.extend((name, _decoder(h), has_default) for name, h, has_default in _fields(hint))
            if len(data) > len(fields) or not set(data) <= {name for name, _, _ in fields}:
                raise _Refused
            kwargs = {}
            for name, field_decoder, has_default in fields:
                if name in data:
                    kwargs[name] = field_decoder(data[name])
                elif not has_default:
                    raise _Refused
            return hint(**kwargs)

        return instance
    if origin in (list, tuple):
        homogeneous = origin is list or (len(args) == 2 and args[1] is Ellipsis)

        def sequence(data: Any) -> Any:
            if not isinstance(data, list):
                raise _Refused
            if homogeneous:
                item = _decoder(args[0])
                return origin(item(v) for v in data)
            if len(args) != len(data):
                raise _Refused
            return origin(_decoder(h)(v) for v, h in zip(data, args, strict=True))

        return sequence
    if origin is dict:
        _, from_key = _key_codec(args[0], "value")

        def mapping(data: Any) -> dict:
            if not isinstance(data, dict):
                raise _Refused
            value = _decoder(args[1])
            out = {}
            for k, v in data.items():
                try:
                    key = from_key(k)
                except ValueError:
                    raise _Refused from None
                out[key] = value(v)
            return out

        return mapping
    raise Mismatch("value", f"type {type_name(hint)} is not supported")


@functools.cache
def _encoder(hint: Any) -> Callable[[Any], Any]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any or hint is object:

        def any_scalar(value: Any) -> Any:
            if not isinstance(value, SCALARS):
                raise _Refused
            return value

        return any_scalar
    if origin in (typing.Union, types.UnionType):
        optional = type(None) in args
        choices = [a for a in args if a is not type(None)]

        def union(value: Any) -> Any:
            if value is None and optional:
                return None
            for arg in choices:
                if _fits(value, arg):
                    return _encoder(arg)(value)
            raise _Refused

        return union
    if hint is type(None):

        def none(value: Any) -> None:
            if value is not None:
                raise _Refused

        return none
    if hint is Decimal:

        def decimal(value: Any) -> str:
            if not isinstance(value, Decimal):
                raise _Refused
            return str(value)

        return decimal
    if isinstance(hint, type) and issubclass(hint, enum.Enum):

        def member(value: Any) -> Any:
            if not isinstance(value, hint):
                raise _Refused
            return value.value

        return member
    if hint in (str, int, bool) or hint is float:
        fits = _scalar_check(hint)

        def scalar(value: Any) -> Any:
            if not fits(value):
                raise _Refused
            return float(value) if hint is float else value

        return scalar
    if dataclasses.is_dataclass(hint):
        fields: list[tuple[str, Callable[[Any], Any]]] = []

        def instance(value: Any) -> dict:
            if type(value) is not hint:
                raise _Refused
            if not fields:
                fields.extend((name, _encoder(h)) for name, h, _ in _fields(hint))
            return {name: field_encoder(getattr(value, name)) for name, field_encoder in fields}

        return instance
    if origin in (list, tuple):
        homogeneous = origin is list or (len(args) == 2 and args[1] is Ellipsis)

        def sequence(value: Any) -> list:
            if not isinstance(value, origin):
                raise _Refused
            if homogeneous:
                item = _encoder(args[0])
                return [item(v) for v in value]
            if len(args) != len(value):
                raise _Refused
            return [_encoder(h)(v) for v, h in zip(value, args, strict=True)]

        return sequence
    if origin is dict:
        to_key, _ = _key_codec(args[0], "value")

        def mapping(value: Any) -> dict:
            if not isinstance(value, dict):
                raise _Refused
            item = _encoder(args[1])
            return {to_key(k): item(v) for k, v in value.items()}

        return mapping
    raise Mismatch("value", f"type {type_name(hint)} is not supported")


def encode_fast(value: Any, hint: Any) -> Any:
    """``encode``, compiled; a value that does not fit raises the walker's Mismatch."""
    try:
        return _encoder(hint)(value)
    except Exception:  # the walker says where (or, if it disagrees, its result stands)
        return encode(value, hint)


def decode_fast(data: Any, hint: Any) -> Any:
    """``decode``, compiled; data that does not fit raises the walker's Mismatch."""
    try:
        return _decoder(hint)(data)
    except Exception:
        return decode(data, hint)


def dumps(value: Any, hint: Any) -> str:
    """The file's text: the envelope (format_version, type) around ``value`` encoded as ``hint``."""
    document = {"format_version": FORMAT_VERSION, "type": type_name(hint), "value": encode_fast(value, hint)}
    return json.dumps(document, ensure_ascii=False, allow_nan=False)


def loads(text: str | bytes, hint: Any, source: str) -> Any:
    """A file's text back into ``hint``'s type; FormatError naming ``source`` when it is not one of ours,
    of another format_version, holds another type or does not fit ``hint``."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise FormatError(source, f"not JSON ({error})") from None
    if not isinstance(document, dict) or "format_version" not in document:
        raise FormatError(source, "not a step file: no format_version")
    version = document["format_version"]
    if version != FORMAT_VERSION:
        raise FormatError(source, f"format_version {version}, this code reads {FORMAT_VERSION}: materialize it again")
    if document.get("type") != type_name(hint):
        raise FormatError(source, f"holds {document.get('type')}, expected {type_name(hint)}")
    try:
        return decode_fast(document.get("value"), hint)
    except Mismatch as error:
        raise FormatError(source, f"does not fit {type_name(hint)} at {error}") from None
