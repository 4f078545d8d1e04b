"""``scrm validate {mentions,survey,usecases} FILE``: check a data file against its schema.

Exit status 0 with a one-line summary when the file is valid (warnings, such as naive
timestamps taken as UTC, go to stderr); 2 with a message naming the file, the lines,
the column, what was found and what was expected when it is not. Never a traceback
(``scrm --debug validate …`` shows one for unexpected failures).
"""

from __future__ import annotations

import argparse
import sys
import warnings

import pandas as pd

from scrm_lib.core.errors import DataValidationError, Problem, ScrmError, display_path
from scrm_lib.data.files import FILE_FORMATS
from scrm_lib.data.registry import KINDS as _ADAPTER_KINDS
from scrm_lib.data.registry import adapters, format_names, get_adapter
from scrm_lib.data.schemas.mentions import CANONICAL

#: The schemas a file can be checked against: the kinds of the registered adapters that read one file.
KINDS: tuple[str, ...] = tuple(k for k in _ADAPTER_KINDS if any(a.source == "file" for a in adapters(k)))


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the ``validate`` sub-command."""
    p.description = __doc__.splitlines()[0] if __doc__ else None
    p.add_argument("kind", choices=KINDS, help="which schema the file should follow")
    p.add_argument("file", help="CSV, TSV, JSON Lines or Parquet file")
    named = [n for n in format_names("mentions", aliases=True) if n != "canonical"]
    p.add_argument("--format", dest="fmt", choices=(*FILE_FORMATS, *named), metavar="FORMAT",
                   help=f"file format: {', '.join(FILE_FORMATS)} (default: from the file name), or for "
                        f"mentions a data set's format: {', '.join(format_names('mentions'))} "
                        "(scrm formats lists them)")
    p.add_argument("--mapping", help="column-mapping YAML for a platform export (mentions only)")
    p.add_argument("--encoding", help="text encoding (default: UTF-8, with or without BOM)")
    p.set_defaults(func=_run)


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def summarise(kind: str, df: pd.DataFrame) -> str:
    """One line describing a valid frame."""
    rows = f"{_n(len(df), 'row')} × {_n(df.shape[1], 'column')}"
    if kind == "mentions":
        span = ""
        if df["created_at"].notna().any():
            lo, hi = df["created_at"].min(), df["created_at"].max()
            span = f", {lo:%Y-%m-%d} to {hi:%Y-%m-%d} UTC"
        extra = [c for c in df.columns if c not in CANONICAL]
        return (f"{rows}; {_n(df['brand'].nunique(), 'brand')}, {_n(df['channel'].nunique(), 'channel')} "
                f"({', '.join(sorted(df['channel'].dropna().unique().tolist())[:8])})"
                f"{span}; {_n(int(df['is_brand'].sum()), 'brand post')}"
                + (f"; extra columns kept: {', '.join(extra[:6])}{' …' if len(extra) > 6 else ''}" if extra else ""))
    if kind == "survey":
        form = df.attrs.get("form", "?")
        groups = ", ".join(map(str, sorted(df["group"].unique().tolist())))
        what = (_n(df["respondent_id"].nunique(), "respondent") if form == "respondent"
                else _n(len(df), "group-item figure"))
        return f"{form} form, {rows}; groups {groups}; {_n(df['item'].nunique(), 'item')}; {what}"
    cats = df["category"].value_counts()
    return f"{rows}; {_n(len(df), 'use case')} in {_n(len(cats), 'category').replace('categorys', 'categories')}"


def _run(args: argparse.Namespace) -> int:
    named = args.fmt is not None and args.fmt not in FILE_FORMATS
    if named and args.kind != "mentions":
        raise DataValidationError(path=args.file, kind=args.kind, problems=[
            Problem(message=f"--format {args.fmt} is a mentions format",
                    expected=f"for {args.kind} files one of {', '.join(FILE_FORMATS)}")])
    if named and (args.mapping or args.encoding):
        raise DataValidationError(path=args.file, kind=args.kind, problems=[
            Problem(message=f"--format {args.fmt} reads its data set's own layout: "
                    "--mapping and --encoding apply to the canonical format only")])
    if args.mapping and args.kind != "mentions":
        raise DataValidationError(path=args.file, kind=args.kind, problems=[
            Problem(
                message="--mapping applies to mentions files only")])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if named:
                df = get_adapter(args.fmt, "mentions").read(args.file)
            else:
                adapter = adapters(args.kind)[0] if args.kind != "mentions" else get_adapter("canonical")
                df = adapter.read(args.file, fmt=args.fmt, mapping=args.mapping, encoding=args.encoding)
        except ScrmError:
            raise
        except (MemoryError, KeyboardInterrupt):
            raise
        except Exception as exc:  # an input we did not foresee: still no traceback
            if getattr(args, "debug", False):
                raise
            raise DataValidationError(path=display_path(args.file), kind=args.kind, problems=[
                Problem(
                    message=f"could not read the file ({type(exc).__name__}: "
                    f"{str(exc).splitlines()[0][:200] if str(exc) else ''}); "
                    "run with --debug for details and please report it")]) from None
    for w in caught:
        if issubclass(w.category, UserWarning | FutureWarning):  # FutureWarning: an old format name
            print(f"warning: {w.message}", file=sys.stderr)
    unknown = df.attrs.get("unknown_channels") or []
    if unknown:
        print(f"note: channels kept as given (not in the known list): {', '.join(unknown)}",
              file=sys.stderr)
    print(f"{display_path(args.file)}: valid {args.kind} file: {summarise(args.kind, df)}")
    return 0
