"""Building model objects from values that are already valid, without pydantic's validation.

The extractors make several hundred small objects a document (a Location and an Amount per
figure), each from values they have just parsed into the right types. Validating them again
took 2.3 µs a Location and 4.6 µs an Amount, and pydantic's own ``model_construct`` is slower
still (17 µs a Location: it is generic Python). ``trusted`` fills the instance's ``__dict__``
directly: defaults first, then the given fields. It must only be given values of the declared
types. A value of a wrong type is caught by the store's reload tests
(``tests/store/test_reload.py``): a parsed document is stored, loaded back through validation,
and must give the same JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_DEFAULTS: dict[type[BaseModel], tuple[dict[str, Any], tuple[tuple[str, Any], ...]]] = {}
_set = object.__setattr__


def _defaults(cls: type[BaseModel]) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    """Every field in declaration order with its plain default (None where it has none), and the
    fields whose default comes from a factory (a new list or dict)."""
    template: dict[str, Any] = {}
    factories: list[tuple[str, Any]] = []
    for name, info in cls.model_fields.items():
        template[name] = None if info.is_required() or info.default_factory is not None else info.default
        if info.default_factory is not None:
            factories.append((name, info.default_factory))
    _DEFAULTS[cls] = template, tuple(factories)
    return template, tuple(factories)


def trusted(cls: type[M], **fields: Any) -> M:
    """An instance of ``cls`` holding ``fields`` (and defaults for the rest), not validated.

    Required fields must all be given. Equal to ``cls(**fields)`` for valid values: same
    attributes, same equality, hash and JSON.
    """
    template, factories = _DEFAULTS.get(cls) or _defaults(cls)
    # updating a copy keeps the declaration order, which is the order of the JSON pydantic writes
    values = template.copy()
    values.update(fields)
    for name, factory in factories:
        if name not in fields:
            values[name] = factory()
    obj = cls.__new__(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(fields))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


# BaseModel's slots, set through their descriptors: a tenth cheaper than object.__setattr__ by name
_SET_FIELDS = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__


def maker(cls: type[M], *names: str) -> Callable[..., M]:
    """A constructor of ``cls`` taking the fields ``names`` positionally, in that order, and
    building what :func:`trusted` builds from them (defaults for the others).

    For the most numerous objects (a Location and an Amount per printed figure), where
    :func:`trusted`'s keyword packing and dict merging cost a third of the call: the field dict is
    written out once as the source of a small function (as :mod:`dataclasses` writes ``__init__``).
    """
    unknown = [n for n in names if n not in cls.model_fields]
    if unknown or len(set(names)) != len(names):
        raise ValueError(f"{cls.__name__} has no field {unknown} or a field is named twice: {names}")
    template, factories = _DEFAULTS.get(cls) or _defaults(cls)
    missing = [n for n, info in cls.model_fields.items() if info.is_required() and n not in names]
    if missing:
        raise ValueError(f"{cls.__name__} needs {missing}")
    factory_of = dict(factories)
    space: dict[str, Any] = {"_new": cls.__new__, "_cls": cls, "_set": _set, "_set_fields": _SET_FIELDS,
                             "_set_extra": _SET_EXTRA, "_set_private": _SET_PRIVATE}
    entries = []
    for i, name in enumerate(cls.model_fields):  # declaration order: the order of the JSON
        if name in names:
            value = f"a{names.index(name)}"
        elif name in factory_of:
            space[f"f{i}"] = factory_of[name]
            value = f"f{i}()"
        else:
            space[f"d{i}"] = template[name]
            value = f"d{i}"
        entries.append(f"{name!r}: {value}")
    args = ", ".join(f"a{i}" for i in range(len(names)))
    given = "{" + ", ".join(repr(n) for n in names) + "}" if names else "set()"
    source = (
        f"def make({args}):\n"
        "    obj = _new(_cls)\n"
        f"    _set(obj, '__dict__', {{{', '.join(entries)}}})\n"
        f"    _set_fields(obj, {given})\n"
        "    _set_extra(obj, None)\n"
        "    _set_private(obj, None)\n"
        "    return obj\n"
    )
    exec(source, space)  # the source is built above from field names only
    make: Callable[..., M] = space["make"]
    make.__qualname__ = f"maker({cls.__name__})"
    return make
