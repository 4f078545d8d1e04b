"""Pseudonymisation (layer 1): the one salted hash and the one privacy mode of the workbench.

:func:`pseudonymise` replaces author ids, post ids and ``@handles`` by salted hashes (brand accounts
keep their names) and drops location columns; apply it right after loading and every output
downstream is pseudonymised. Notebooks 01 (listening), 06 (advocates) and 07 (audit) call it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.core.errors import ParamsError


def pseudonym(value: str, salt: str, prefix: str = "u") -> str:
    """A stable pseudonym for ``value``: ``<prefix>_`` + the first 10 hex digits of
    ``sha256(salt + "\\x1f" + value)``.

    The one salted hash of the workbench: :func:`pseudonymise` uses it for authors and handles
    (prefix ``u``), post ids (``p``) and e-mail addresses (``e``); notebooks 01, 06 and 07 all call
    :func:`pseudonymise`, so the same person gets the same pseudonym everywhere for the same salt.
    """
    return f"{prefix}_" + hashlib.sha256(f"{salt}\x1f{value}".encode()).hexdigest()[:10]


#: Extra columns of the real data sets that locate or identify a person; dropped by
#: :func:`pseudonymise` (permalinks contain the handle; ``name`` is the airline file's handle).
PERSONAL_COLUMNS: tuple[str, ...] = ("tweet_coord", "tweet_location", "user_timezone", "url", "name")


#: Columns that hold post ids (a post id leads straight to its author); hashed by :func:`pseudonymise`.
POST_ID_COLUMNS: tuple[str, ...] = ("post_id", "in_reply_to", "thread_id", "response_tweet_id")


#: An ``@handle`` in text: word characters, with inner dots (``@bob.smith.1990`` is one handle,
#: hashed whole; a sentence's final dot is not part of it).
HANDLE_RE = re.compile(r"@(\w+(?:\.\w+)*)")


#: An e-mail address in text (hashed whole: the local part names a person).
EMAIL_RE = re.compile(r"[\w.+-]+@\w[\w-]*(?:\.[\w-]+)+")


class PrivacyError(ParamsError, ValueError):
    """Pseudonymisation cannot be done safely (an empty salt)."""


def brand_handles(df: pd.DataFrame, keep: Iterable[str] = ()) -> set[str]:
    """The handles that stay readable when pseudonymising, lower-cased, without ``@``:
    the authors of ``is_brand`` posts (the data say they are brand accounts) and ``keep``
    (an explicit list of public brand accounts). Never guessed from brand names: a handle
    that merely *contains* a brand name (``@UnitedAppeals``, ``usairwayssuck``) is a person's."""
    names = {str(k).lower().lstrip("@") for k in keep}
    if "is_brand" in df.columns and "author_id" in df.columns:
        mask = df["is_brand"].fillna(False).astype(bool).to_numpy()
        names |= {str(a).lower().lstrip("@") for a in df.loc[mask, "author_id"].dropna().unique()}
    names.discard("")
    return names


def _hash_post_ids(values: pd.Series, salt: str) -> pd.Series:
    def one(v: Any) -> Any:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or str(v) == "":
            return v
        text = str(v)
        if "," in text:  # TWCS' response_tweet_id lists several ids
            return ",".join(pseudonym(p.strip(), salt, "p") for p in text.split(","))
        return pseudonym(text, salt, "p")

    return values.astype(object).map(one)


def pseudonymise(df: pd.DataFrame, salt: str, enabled: bool = True, keep: Iterable[str] = ()) -> pd.DataFrame:
    """The one pseudonymisation of the workbench (listening, audit, every privacy mode).

    A copy of ``df`` fit to show:

    - ``author_id`` becomes ``u_`` + :func:`pseudonym` of the lower-cased id, except brand
      accounts (:func:`brand_handles`: authors of ``is_brand`` posts and the explicit ``keep``
      list — never a guess from brand names);
    - every post id (:data:`POST_ID_COLUMNS`: ``post_id``, ``in_reply_to``, thread ids) becomes
      ``p_`` + its hash — a post id leads straight to its author; replies still point at their
      parents because both sides are hashed alike;
    - in ``text``, every ``@handle`` (dotted handles whole) becomes ``@u_…``, the same pseudonym
      the person gets as an author, unless it is a brand account; e-mail addresses become
      ``e_…``. Handles in text are people too (a customer mentioned by another customer), so
      privacy mode hashes every one that is not a known brand account;
    - :data:`PERSONAL_COLUMNS` (locations, time zones, permalinks, names) are dropped.

    ``pseudonym(x) = "u_" + sha256(salt + "\\x1f" + x)[:10]`` (hex): stable for one salt,
    not recomputable from a known handle without it. Names written out in the text ("thanks
    John") are not detected. With ``enabled=False`` the frame is returned unchanged.

    Raises:
        PrivacyError: an empty salt (a :class:`ParamsError` and a ``ValueError``).
    """
    if not enabled:
        return df
    if not salt:
        raise PrivacyError("privacy", ["privacy_salt: give a non-empty salt when privacy_mode is on"])
    keep_l = brand_handles(df, keep)
    out = df.drop(columns=[c for c in PERSONAL_COLUMNS if c in df.columns]).copy()
    if "author_id" in out.columns:
        codes, uniques = pd.factorize(out["author_id"].astype(str))
        uniq = np.asarray(uniques, dtype=object)
        lower = np.array([u.lower().lstrip("@") for u in uniq], dtype=object)
        hashed = np.array([pseudonym(v, salt) for v in lower], dtype=object)
        mapped = np.where(np.isin(lower, list(keep_l)), uniq, hashed)
        out["author_id"] = pd.Series(mapped[codes], index=out.index, dtype="str")
    for col in POST_ID_COLUMNS:
        if col in out.columns:
            out[col] = _hash_post_ids(out[col], salt)

    cache: dict[str, str] = {}

    def handle(m: re.Match[str]) -> str:
        low = m.group(1).lower()
        if low in keep_l:
            return m.group(0)
        if low not in cache:
            cache[low] = "@" + pseudonym(low, salt)
        return cache[low]

    def email(m: re.Match[str]) -> str:
        return pseudonym(m.group(0).lower(), salt, "e")

    if "text" in out.columns:
        text = out["text"].fillna("").astype(str)
        has = text.str.contains("@", regex=False).to_numpy(dtype=bool)
        if has.any():
            new = text.to_numpy(dtype=object).copy()
            new[has] = [HANDLE_RE.sub(handle, EMAIL_RE.sub(email, t)) for t in new[has]]
            out["text"] = pd.Series(new, index=out.index, dtype="str")
    out.attrs = {**df.attrs, "pseudonymised": True}
    return out
