"""The registry of data formats: every adapter in :mod:`scrm_lib.data.adapters`, registered once.

An adapter reads one kind of source (the canonical mentions schema, the Kaggle airline tweets,
TWCS, TweetEval, …) and returns a validated frame. Each adapter module calls :func:`register`
once, at import, with an :class:`Adapter`: its name, the old names it still answers to
(deprecated aliases, which warn with a FutureWarning), a one-line description, the reader function, what it
produces (``kind``: ``mentions``, ``survey``, ``usecases`` or ``labelled``) and the columns.

Everything that offers a choice of format asks the registry instead of keeping a list: the
CLI (``scrm validate --format``, ``scrm formats``), the notebooks' params models
(``mentions_format``), :func:`scrm_lib.data.sources.load_sources` and notebook 07's loader.
The adapter modules are found by listing the package (:func:`pkgutil.iter_modules`), so adding
an adapter is adding one file: see docs/data-formats.md, "Adding an adapter".

>>> get_adapter("airline").name
'airline'
>>> "twcs" in format_names("mentions")
True
"""

from __future__ import annotations

import importlib
import pkgutil
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

#: Where the adapter modules live (one file each).
ADAPTERS_PACKAGE = "scrm_lib.data.adapters"
#: What an adapter can produce.
KINDS: tuple[str, ...] = ("mentions", "survey", "usecases", "labelled")


@dataclass(frozen=True)
class Adapter:
    """One data format.

    Attributes:
        name: the name used in params files and on the command line (``airline``).
        kind: what the reader returns: ``mentions`` (the canonical mentions schema),
            ``survey``, ``usecases``, or ``labelled`` (a training/evaluation set: ``text`` and
            ``label``).
        description: one line for ``scrm formats`` and the docs.
        reader: ``reader(path, **options) -> DataFrame``; the path is a file, or a folder when
            ``source`` is ``"folder"``.
        columns: the columns the frame always has (beyond them, extra columns may be kept).
        aliases: old names still accepted, with a :class:`FutureWarning`.
        options: keyword options the reader accepts (``mapping`` for the canonical format).
        source: ``"file"`` or ``"folder"``.
        brand_time_columns: the raw file's brand and timestamp columns, which
            :func:`scrm_lib.run.datacheck.check_against_data` reads (two columns only) to check
            brand and date parameters before a run; ``None`` when brands are derived (TWCS) and
            the notebook checks them itself.
    """

    name: str
    kind: str
    description: str
    reader: Callable[..., pd.DataFrame]
    columns: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    source: str = "file"
    brand_time_columns: tuple[str, str] | None = None
    module: str = field(default="", compare=False)

    def read(self, path: str | Path, **options: Any) -> pd.DataFrame:
        """Read ``path`` with this adapter; options it does not take are an error if set."""
        extra = sorted(k for k, v in options.items() if v is not None and k not in self.options)
        if extra:
            raise ValueError(f"format {self.name!r} does not take {', '.join(extra)}"
                             + (f" (only {', '.join(self.options)})" if self.options else ""))
        return self.reader(path, **{k: v for k, v in options.items() if k in self.options})


_ADAPTERS: dict[str, Adapter] = {}
_ALIASES: dict[str, str] = {}
_discovered = False


def register(adapter: Adapter) -> Adapter:
    """Add ``adapter`` to the registry (called once by each adapter module, at import).

    Raises:
        ValueError: a name or alias already taken by another adapter, or an unknown ``kind``.
    """
    if adapter.kind not in KINDS:
        raise ValueError(f"adapter {adapter.name!r}: kind must be one of {', '.join(KINDS)}, got {adapter.kind!r}")
    for key in (adapter.name, *adapter.aliases):
        owner = _ADAPTERS.get(key) or _ADAPTERS.get(_ALIASES.get(key, ""))
        if owner is not None and owner.name != adapter.name:
            raise ValueError(f"format name {key!r} is taken by adapter {owner.name!r}")
    _ADAPTERS[adapter.name] = adapter
    _ALIASES.update({a: adapter.name for a in adapter.aliases})
    return adapter


def _discover() -> None:
    """Import every module of :data:`ADAPTERS_PACKAGE` once (each registers itself)."""
    global _discovered
    if _discovered:
        return
    package = importlib.import_module(ADAPTERS_PACKAGE)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{ADAPTERS_PACKAGE}.{info.name}")
    _discovered = True


def adapters(kind: str | None = None) -> list[Adapter]:
    """Every registered adapter (of ``kind``, if given), in name order."""
    _discover()
    return [a for _, a in sorted(_ADAPTERS.items()) if kind is None or a.kind == kind]


def format_names(kind: str | None = None, *, aliases: bool = False) -> tuple[str, ...]:
    """The format names (of ``kind``), ``canonical`` first; with ``aliases=True`` the old names too."""
    names = [a.name for a in adapters(kind)]
    names.sort(key=lambda n: (n != "canonical", n))
    if aliases:
        names += sorted(al for a in adapters(kind) for al in a.aliases)
    return tuple(names)


def canonical_format_name(name: str, kind: str | None = None, *, warn: bool = True) -> str:
    """The current name of format ``name`` (an alias warns with :class:`FutureWarning`).

    Raises:
        ValueError: an unknown name (the message lists the known ones), or a format of another kind.
    """
    _discover()
    current = _ALIASES.get(name, name)
    adapter = _ADAPTERS.get(current)
    if adapter is None or (kind is not None and adapter.kind != kind):
        raise ValueError(f"unknown format {name!r}: expected one of {', '.join(format_names(kind))}")
    if current != name and warn:
        warnings.warn(f"format {name!r} is deprecated: use {current!r}", FutureWarning, stacklevel=2)
    return current


def get_adapter(name: str, kind: str | None = None, *, warn: bool = True) -> Adapter:
    """The adapter called ``name`` (or one of its aliases, which warns unless ``warn=False``);
    see :func:`canonical_format_name`."""
    return _ADAPTERS[canonical_format_name(name, kind, warn=warn)]


def check_format(name: str, kind: str = "mentions") -> str:
    """Validator for params models: ``name`` if it is a format of ``kind``, its current name if
    it is an old one (with a warning), else ``ValueError`` listing the choices."""
    return canonical_format_name(name, kind)


__all__ = ["ADAPTERS_PACKAGE", "KINDS", "Adapter", "adapters", "canonical_format_name", "check_format",
           "format_names", "get_adapter", "register"]
