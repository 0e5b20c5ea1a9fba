"""Building model objects from values that are already valid, without pydantic's validation.

The extractors make several hundred small objects a document (a Location and an Amount per
figure, a Row per table line), each from values they have just parsed into the right types.
Validating them again took 2.3 µs a Location and 4.6 µs an Amount, and pydantic's own
``model_construct`` is slower still (17 µs a Location: it is generic Python). :func:`maker`
gives a constructor per model that fills the instance's ``__dict__`` directly. It must only be
given values of the declared types. A value of a wrong type is caught by the store's reload
tests (``tests/store/test_reload.py``): a parsed document is stored, loaded back through
validation, and must give the same JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

# BaseModel's __dict__ and slots, set through their descriptors: a tenth cheaper than
# object.__setattr__ by name, which looks the descriptor up in the class's MRO on every call
_SET_DICT = BaseModel.__dict__["__dict__"].__set__
_SET_FIELDS = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__


def maker(cls: type[M], *names: str) -> Callable[..., M]:
    """A constructor of ``cls`` taking the fields ``names`` positionally, in that order; the other
    fields get their defaults (a new list or dict each time from a default factory).

    For valid values the object equals ``cls(**fields)``: same attributes in declaration order
    (the order of the JSON pydantic writes), same equality, hash and JSON. The field dict is
    written out once as the source of a small function (as :mod:`dataclasses` writes
    ``__init__``), so that a call costs no keyword packing or dict merging.
    """
    unknown = [n for n in names if n not in cls.model_fields]
    if unknown or len(set(names)) != len(names):
        raise ValueError(f"{cls.__name__} has no field {unknown} or a field is named twice: {names}")
    missing = [n for n, info in cls.model_fields.items() if info.is_required() and n not in names]
    if missing:
        raise ValueError(f"{cls.__name__} needs {missing}")
    space: dict[str, Any] = {"_new": cls.__new__, "_cls": cls, "_set_dict": _SET_DICT, "_set_fields": _SET_FIELDS,
                             "_set_extra": _SET_EXTRA, "_set_private": _SET_PRIVATE}
    entries = []
    for i, (name, info) in enumerate(cls.model_fields.items()):  # declaration order: the order of the JSON
        if name in names:
            value = f"a{names.index(name)}"
        elif info.default_factory is not None:
            space[f"f{i}"] = info.default_factory
            value = f"f{i}()"
        else:
            space[f"d{i}"] = info.default
            value = f"d{i}"
        entries.append(f"{name!r}: {value}")
    args = ", ".join(f"a{i}" for i in range(len(names)))
    # a copy of one set made here: cheaper than a set display, which inserts each name anew
    space["_given"] = set(names)
    source = (
        f"def make({args}):\n"
        "    obj = _new(_cls)\n"
        f"    _set_dict(obj, {{{', '.join(entries)}}})\n"
        "    _set_fields(obj, _given.copy())\n"
        "    _set_extra(obj, None)\n"
        "    _set_private(obj, None)\n"
        "    return obj\n"
    )
    exec(source, space)  # the source is built above from field names only
    make: Callable[..., M] = space["make"]
    make.__qualname__ = f"maker({cls.__name__})"
    return make
