"""Record: small value classes for the render path, declared like dataclasses.

`resumepilot render` is a short process, and importing `dataclasses` (it brings `inspect`) and
generating the methods of each class cost about 20 ms of it, more than Typst's compile. A Record
subclass lists its fields as annotations, with optional defaults, and gets one shared
`__init__`, `__eq__`, `__repr__` and `replace` instead. Type checkers see the same constructor a
dataclass would have (`dataclass_transform`).

A list default is copied for every instance, so `bullets: list[str] = []` behaves like
`field(default_factory=list)`. `frozen=True` makes instances immutable and hashable.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self, dataclass_transform


@dataclass_transform(kw_only_default=False)
class Record:
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _frozen: ClassVar[bool] = False

    def __init_subclass__(cls, frozen: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names: list[str] = []
        defaults: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            for name, annotation in vars(klass).get("__annotations__", {}).items():
                if str(annotation).startswith("ClassVar") or name in names:
                    continue
                names.append(name)
                if name in vars(klass):
                    defaults[name] = vars(klass)[name]
        cls._fields = tuple(names)
        cls._defaults = defaults
        cls._frozen = frozen
        if not frozen:  # like a dataclass with eq and no frozen: equal by value, so unhashable
            cls.__hash__ = None  # type: ignore[assignment]
        # Instances keep their values in __dict__; the class-level defaults would shadow nothing
        # but are removed so a missing argument is an error, never a silently shared value.
        for name in defaults:
            if name in vars(cls):
                delattr(cls, name)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = type(self)._fields
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__} takes {len(fields)} fields, got {len(args)}")
        values = dict(zip(fields, args, strict=False))
        for name, value in kwargs.items():
            if name not in fields:
                raise TypeError(f"{type(self).__name__} has no field {name!r}")
            if name in values:
                raise TypeError(f"{type(self).__name__} got {name!r} twice")
            values[name] = value
        for name in fields:
            if name not in values:
                if name not in type(self)._defaults:
                    raise TypeError(f"{type(self).__name__} is missing {name!r}")
                default = type(self)._defaults[name]
                values[name] = list(default) if isinstance(default, list) else default
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: Any) -> None:
        if type(self)._frozen:
            raise AttributeError(f"{type(self).__name__} is frozen; use replace()")
        super().__setattr__(name, value)

    def _values(self) -> tuple[Any, ...]:
        return tuple(self.__dict__[name] for name in type(self)._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        pairs = zip(type(self)._fields, self._values(), strict=True)
        inner = ", ".join(f"{n}={v!r}" for n, v in pairs)
        return f"{type(self).__name__}({inner})"

    def replace(self, **changes: Any) -> Self:
        """A copy with `changes` applied (dataclasses.replace)."""
        return type(self)(**{**self.__dict__, **changes})

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The fields in declaration order (dataclasses.fields)."""
        return cls._fields
