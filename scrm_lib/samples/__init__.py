"""Seeded generators of the committed sample data in ``data/samples/`` (``scrm samples``).

Each sample is produced by one function ``fn(out_dir: Path, seed: int) -> list[Path]``
that writes its files into ``out_dir`` and returns their paths. Generators are listed in
:data:`GENERATORS` as ``"module:function"`` strings and imported only when run, so each
branch adds its sample with one line and an import error in one generator cannot break
another. The same seed must give byte-identical files (tests check).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from scrm_lib.core.errors import ScrmError

#: Sample name -> ``"module:function"`` of its generator, in the order ``scrm samples`` runs them.
GENERATORS: dict[str, str] = {
    "mentions": "scrm_lib.samples.mentions:generate",
    "survey": "scrm_lib.samples.survey:generate",
    "usecases": "scrm_lib.samples.usecases:generate",
    "community": "scrm_lib.samples.community:generate",
    "readiness": "scrm_lib.samples.readiness:generate",
}

#: The seed of the committed sample files.
DEFAULT_SEED = 20260302

Generator = Callable[[Path, int], list[Path]]


def get_generator(name: str) -> Generator:
    """Import and return the generator registered under ``name``.

    Raises :class:`~scrm_lib.core.errors.ScrmError` naming the known samples when ``name`` is unknown.
    """
    try:
        target = GENERATORS[name]
    except KeyError:
        known = ", ".join(GENERATORS) or "(none)"
        raise ScrmError(f"unknown sample '{name}' (known samples: {known})") from None
    module_name, _, func_name = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, func_name)


def generate(names: list[str] | None, out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Run the generators ``names`` (all when ``None`` or empty) into ``out_dir``.

    Unknown names are rejected before anything is written. Returns every file written.
    """
    if seed < 0:
        raise ScrmError(f"the seed must be a non-negative integer, got {seed}")
    chosen = list(dict.fromkeys(names)) if names else list(GENERATORS)
    funcs = [(n, get_generator(n)) for n in chosen]
    out_dir = Path(out_dir)
    written: list[Path] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for _, fn in funcs:
            written.extend(Path(p) for p in fn(out_dir, seed))
    except OSError as exc:
        from scrm_lib.core.errors import display_path

        raise ScrmError(
            f"cannot write sample files to {display_path(out_dir)}: {exc.strerror or exc} "
            "(expected a writable folder)"
        ) from exc
    return written
