"""The ``twcs`` format: *Customer Support on Twitter* (TWCS) files as mentions, threads resolved."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from scrm_lib.data.files import decode_problem, detect_format, fail, parser_problem, show, sniff
from scrm_lib.data.registry import Adapter, register
from scrm_lib.data.schemas import mentions as _mentions
from scrm_lib.data.schemas._core import STR_DTYPE, RowLocator

#: Columns every TWCS file has.
TWCS_COLUMNS: tuple[str, ...] = ("tweet_id", "author_id", "inbound", "created_at", "text", "in_response_to_tweet_id")


def read_raw(path: str | Path) -> pd.DataFrame:
    """A TWCS file as the file has it: every column as text (``""`` for empty), records split on
    LF only (the public files hold bare carriage returns inside unquoted texts, which the default
    parser would treat as line breaks), a CRLF file's trailing CRs removed. Callers:
    :func:`load_twcs` and :func:`scrm_lib.modeling.realdata.read_source` (texts joined to
    stored labels by hash, so both must read the same string).

    Raises:
        DataValidationError: missing, binary or undecodable file, malformed CSV, TWCS columns missing.
    """
    path = Path(path)
    fmt, compression = detect_format(path, "csv")
    sniff(path, "mentions", fmt, compression, None)
    try:
        df = pd.read_csv(path, dtype=STR_DTYPE, keep_default_na=False, lineterminator="\n",
                         encoding="utf-8")
    except UnicodeError:
        raise decode_problem(path, "mentions", "utf-8") or fail(path, "mentions", "cannot decode") from None
    except pd.errors.ParserError as exc:
        raise parser_problem(path, "mentions", exc, "csv") from None
    df.columns = [str(c).strip() for c in df.columns]
    # CRLF files: with LF-only splitting the last field keeps its CR.
    last = df.columns[-1]
    df[last] = df[last].str.removesuffix("\r")
    df.columns = [c.removesuffix("\r") for c in df.columns]
    missing = [c for c in TWCS_COLUMNS if c not in df.columns]
    if missing:
        raise fail(path, "TWCS", "not the twcs.csv layout: columns missing",
                    found=", ".join(missing), expected=", ".join(TWCS_COLUMNS))
    return df


TWCS_TIME_FORMAT = "%a %b %d %H:%M:%S %z %Y"


def _thread_components(ids: np.ndarray, parents: np.ndarray, children: pd.Series) -> np.ndarray:
    """Connected component label of every tweet, linking replies both ways (scipy)."""
    child_pairs = children.dropna().astype(str).str.split(",").explode().str.strip()
    child_pairs = child_pairs[child_pairs != ""]
    src_all = np.concatenate([ids, ids[np.flatnonzero(pd.notna(parents))],
                              ids[child_pairs.index.to_numpy()]])
    dst_all = np.concatenate([ids, parents[pd.notna(parents)].astype(object),
                              child_pairs.to_numpy(dtype=object)])
    codes, uniques = pd.factorize(pd.Series(np.concatenate([src_all, dst_all]).astype(str)))
    n = len(uniques)
    half = len(src_all)
    graph = coo_matrix((np.ones(half, dtype=np.int8), (codes[:half], codes[half:])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels[codes[: len(ids)]]


def load_twcs(path: str | Path) -> pd.DataFrame:
    """A *Customer Support on Twitter* (TWCS) file as mentions, threads resolved.

    ``tweet_id`` → ``post_id``, ``author_id`` kept, ``inbound`` → ``is_brand`` = not
    inbound (outbound tweets are the support account's), ``in_response_to_tweet_id`` →
    ``in_reply_to`` (``3.0`` → ``"3"``), ``created_at`` (``Tue Oct 31 22:10:47 +0000
    2017``) → UTC, ``channel`` = ``twitter``. ``response_tweet_id`` (comma-separated
    ids) is kept as an extra column; a leading unnamed pandas index column is dropped.

    ``brand`` = the support account the thread talks to: tweets are linked into
    conversations through both reply columns (connected components), and each
    conversation's brand is its most frequent outbound author. A customer tweet whose
    conversation has no brand tweet in the file gets the first support account of the
    file it ``@``-mentions, else its first non-numeric ``@`` handle (TWCS anonymises
    customers to digits, not brands); failing that, ``"unknown"`` (counted in
    ``attrs["brand_unknown"]``).

    Records are split on LF only: the public files hold bare carriage returns inside
    unquoted text, which the default parser would treat as line breaks.
    """
    path = Path(path)
    df = read_raw(path)
    df = df.drop(columns=[c for c in df.columns if c == "" or c.startswith("Unnamed")])
    inbound = df["inbound"].str.strip().str.lower()
    parents = pd.to_numeric(df["in_response_to_tweet_id"].replace("", np.nan), errors="coerce")
    parent_str = parents.astype("Int64").astype(STR_DTYPE)
    ids = df["tweet_id"].str.strip().to_numpy(dtype=object)
    responses = df.get("response_tweet_id", pd.Series(np.nan, index=df.index)).replace("", np.nan)
    labels = _thread_components(ids, parent_str.to_numpy(dtype=object, na_value=np.nan), responses)
    is_brand = (inbound == "false").to_numpy(dtype=bool)
    brand_rows = pd.DataFrame({"thread": labels[is_brand], "author": df["author_id"].to_numpy()[is_brand]})
    thread_brand = (brand_rows.groupby(["thread", "author"]).size().reset_index(name="n")
                    .sort_values(["thread", "n"], ascending=[True, False])
                    .drop_duplicates("thread").set_index("thread")["author"])
    brand = pd.Series(labels, index=df.index).map(thread_brand).astype(object)
    accounts = set(brand_rows["author"].unique().tolist())
    lacking = brand.isna()
    if lacking.any():
        # Customer handles are anonymised to digits in TWCS; brand handles are not.
        mentioned = df.loc[lacking, "text"].str.findall(r"@(\w+)")
        brand.loc[lacking] = mentioned.map(
            lambda ms: next((m for m in ms if m in accounts),
                            next((m for m in ms if not m.isdigit()), np.nan)))
    n_unknown = int(brand.isna().sum())
    out = pd.DataFrame({
        "post_id": df["tweet_id"].str.strip(),
        "created_at": df["created_at"],
        "channel": pd.Series("twitter", index=df.index, dtype=STR_DTYPE),
        "brand": brand.fillna("unknown").astype(STR_DTYPE),
        "author_id": df["author_id"],
        "text": df["text"],
        "in_reply_to": parent_str,
        "is_brand": is_brand,
        "thread_id": pd.Series(labels, index=df.index).astype("int64"),
    })
    if "response_tweet_id" in df.columns:
        out["response_tweet_id"] = df["response_tweet_id"].replace("", np.nan)
    # Lines: one record per LF-terminated line after the header.
    locator = RowLocator(offset=2, label="line")
    result = _mentions.validate_frame(out, source=show(path), locator=locator,
                                      timestamp_format=TWCS_TIME_FORMAT)
    result.attrs["brand_unknown"] = n_unknown
    result.attrs["dataset"] = "customer-support-on-twitter"
    return result


ADAPTER = register(Adapter(
    name="twcs", kind="mentions",
    description="Customer Support on Twitter (TWCS): customer tweets and brand replies, threads resolved",
    reader=load_twcs, columns=(*_mentions.CANONICAL, "thread_id"), module=__name__,
))

__all__ = ["ADAPTER", "TWCS_COLUMNS", "TWCS_TIME_FORMAT", "load_twcs", "read_raw"]
