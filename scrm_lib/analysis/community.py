"""Community member types from behaviour: creators, contributors, opportunists, lurkers.

Sarner's third step (Gartner, via 1to1 Media; DOMAIN.md §7b) is to *distinguish the types of
community members and reward each behaviour*: **creators** ("I want to own this"),
**contributors** ("I want to be a part of this"), **opportunists** ("since I'm here…") and
**lurkers** ("I'll reap the rewards"). The reading names the types and their motives; it gives
no rule for telling them apart from data. The rule below is **the workbench's judgement**,
documented and parameterised (:class:`MemberTypeRule`); so is the reward that fits each type
(``judgement_reward`` in ``scrm_lib/frameworks.yaml``).

Activity (:data:`ACTIVITY_COLUMNS`), per member and period, counts of:

- ``views`` — content consumed (page views, reads); NA when the data cannot see consumption;
- ``original_posts`` — threads or content the member started;
- ``replies`` — answers and comments in conversations **someone else** started;
- ``shares`` — re-posts of others' content;
- ``follow_ups`` — replies in the member's own conversations (activity, but neither creating
  nor contributing to others');
- ``reward_actions`` — how many of the member's posts, replies and shares were made in a
  reward-driven context (contest entry, promotion, offer); NA when not observable.

The rule, applied to one member's counts summed over a window, first match wins:

1. **lurker** — fewer than ``min_actions`` posts + replies + shares + follow-ups (consumes
   without posting);
2. **opportunist** — reward-driven: ``reward_actions / (posts + replies + shares)`` ≥
   ``opportunist_reward_share``. The motive decides, whatever form the participation takes;
3. **creator** — at least ``creator_min_original`` original posts, and originals are at least
   ``creator_original_share`` of posts + replies + shares;
4. **contributor** — at least ``contributor_min_replies`` replies + shares in others'
   conversations;
5. **opportunist** — what is left: incidental participation (a post of their own, no part in
   others' conversations): "since I'm here…".

A signal the data do not hold (NA column) cannot fire its step: without ``reward_actions`` only
incidental opportunists are found; without ``views`` lurkers are invisible (a conversation
data set holds only people who posted). :func:`observable_signals` says which apply.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from scrm_lib.core.errors import ParamsError

#: The member types in Sarner's order.
MEMBER_TYPES: tuple[str, ...] = ("creator", "contributor", "opportunist", "lurker")
#: Count columns of an activity table (besides ``member_id`` and ``period``).
COUNT_COLUMNS: tuple[str, ...] = ("views", "original_posts", "replies", "shares", "follow_ups", "reward_actions")
#: Columns of an activity table.
ACTIVITY_COLUMNS: tuple[str, ...] = ("member_id", "period", *COUNT_COLUMNS)


@dataclass(frozen=True)
class MemberTypeRule:
    """The parameters of the member-type rule (see the module docstring); workbench judgement.

    Attributes:
        min_actions: posts + replies + shares + follow-ups below which a member is a lurker.
        opportunist_reward_share: share of reward-driven actions from which a member is an opportunist.
        creator_min_original: original posts a creator needs at least.
        creator_original_share: share of originals in posts + replies + shares a creator needs.
        contributor_min_replies: replies + shares in others' conversations a contributor needs.
    """

    min_actions: int = 1
    opportunist_reward_share: float = 0.5
    creator_min_original: int = 2
    creator_original_share: float = 0.5
    contributor_min_replies: int = 1

    def __post_init__(self) -> None:
        problems = []
        for name in ("min_actions", "creator_min_original", "contributor_min_replies"):
            v = getattr(self, name)
            if not isinstance(v, int | np.integer) or v < 1:
                problems.append(f"{name}: expected an integer >= 1, got {v!r}")
        for name in ("opportunist_reward_share", "creator_original_share"):
            v = getattr(self, name)
            if not isinstance(v, int | float) or not 0.0 < float(v) <= 1.0:
                problems.append(f"{name}: expected a share in (0, 1], got {v!r}")
        if problems:
            raise ParamsError("member-type rule", problems)

    def as_dict(self) -> dict[str, float]:
        """The parameters as a plain dict (for tables and the run manifest)."""
        return asdict(self)


def empty_activity() -> pd.DataFrame:
    """An activity table with no rows and the canonical columns and dtypes."""
    out = pd.DataFrame({c: pd.Series(dtype="Int64") for c in COUNT_COLUMNS})
    out.insert(0, "period", pd.Series(dtype="datetime64[ns]"))
    out.insert(0, "member_id", pd.Series(dtype="string"))
    return out


def validate_activity(df: pd.DataFrame, source: str = "<activity>") -> pd.DataFrame:
    """An activity table in canonical form: every column present, counts Int64 ≥ 0 (NA allowed).

    Missing count columns are added as all-NA (not observed). ``period`` is parsed as a date.

    Raises:
        ParamsError: no ``member_id`` / ``period`` column, or negative / non-integer counts.
    """
    problems = [f"column {c!r} missing" for c in ("member_id", "period") if c not in df.columns]
    if problems:
        raise ParamsError(source, problems)
    out = df.copy()
    for c in COUNT_COLUMNS:
        if c not in out.columns:
            out[c] = pd.array([pd.NA] * len(out), dtype="Int64")
        vals = pd.to_numeric(out[c], errors="coerce")
        bad = (vals.notna() & ((vals < 0) | (vals != vals.round()))) | (vals.isna() & out[c].notna())
        if bad.any():
            problems.append(f"column {c!r}: expected non-negative integers, got {out.loc[bad, c].iloc[0]!r} "
                            f"(row {int(np.flatnonzero(bad.to_numpy())[0]) + 1})")
            continue
        out[c] = vals.astype("Int64")
    if problems:
        raise ParamsError(source, problems)
    out["member_id"] = out["member_id"].astype("string")
    out["period"] = pd.to_datetime(out["period"])
    return out[[*ACTIVITY_COLUMNS, *[c for c in out.columns if c not in ACTIVITY_COLUMNS]]]


def observable_signals(activity: pd.DataFrame) -> dict[str, bool]:
    """Which count columns hold data (not all NA): the signals the rule can use here."""
    return {c: bool(c in activity.columns and activity[c].notna().any()) for c in COUNT_COLUMNS}


def member_totals(activity: pd.DataFrame) -> pd.DataFrame:
    """Counts summed per member (NA stays NA when a signal is not observed at all)."""
    act = validate_activity(activity)
    seen = observable_signals(act)
    sums = act.groupby("member_id", sort=True)[list(COUNT_COLUMNS)].sum(min_count=1)
    for c in COUNT_COLUMNS:
        sums[c] = sums[c].astype("Int64")
        if seen[c]:
            sums[c] = sums[c].fillna(0)
    return sums


def classify_counts(totals: pd.DataFrame, rule: MemberTypeRule | None = None) -> pd.DataFrame:
    """Apply the rule to per-member counts (index = member): adds ``member_type`` and ``why``.

    ``totals`` has the :data:`COUNT_COLUMNS` (NA = not observed). Deterministic and
    row-independent: each member's type depends on their own counts only.
    """
    rule = rule or MemberTypeRule()
    t = totals.copy()
    zero = lambda c: t[c].astype("Float64").fillna(0).to_numpy(dtype=float)  # noqa: E731
    orig, rep, sh, fu = zero("original_posts"), zero("replies"), zero("shares"), zero("follow_ups")
    reward = t["reward_actions"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    actions = orig + rep + sh
    active = actions + fu
    with np.errstate(divide="ignore", invalid="ignore"):
        reward_share = np.where(actions > 0, reward / actions, np.nan)
        orig_share = np.where(actions > 0, orig / actions, 0.0)
    types, why = [], []
    for i in range(len(t)):
        if active[i] < rule.min_actions:
            types.append("lurker")
            why.append(f"{int(active[i])} posts/replies/shares (< {rule.min_actions})")
        elif not np.isnan(reward_share[i]) and reward_share[i] >= rule.opportunist_reward_share - 1e-12:
            types.append("opportunist")
            why.append(f"{reward_share[i]:.0%} of actions reward-driven (≥ {rule.opportunist_reward_share:.0%})")
        elif orig[i] >= rule.creator_min_original and orig_share[i] >= rule.creator_original_share - 1e-12:
            types.append("creator")
            why.append(f"{int(orig[i])} original posts, {orig_share[i]:.0%} of actions")
        elif rep[i] + sh[i] >= rule.contributor_min_replies:
            types.append("contributor")
            why.append(f"{int(rep[i] + sh[i])} replies/shares in others' conversations")
        else:
            types.append("opportunist")
            why.append("incidental: posted, but neither creates regularly nor joins others' conversations")
    t["member_type"] = pd.Categorical(types, categories=list(MEMBER_TYPES))
    t["why"] = why
    return t


def classify_members(activity: pd.DataFrame, rule: MemberTypeRule | None = None) -> pd.DataFrame:
    """Each member's type over the whole activity table: totals, ``member_type``, ``why``."""
    return classify_counts(member_totals(activity), rule)


def type_mix(
    activity: pd.DataFrame, rule: MemberTypeRule | None = None, freq: str = "M", min_members: int = 1
) -> pd.DataFrame:
    """Members of each type per period: each member is classified on that period's activity.

    Returns one row per period (``period`` = period start) with a count column per type,
    ``members`` (members with any activity in the period) and ``share_<type>`` columns.
    A member with no row in a period is not counted in it. Periods with fewer than
    ``min_members`` active members are left out (too thin to read a mix from); how many
    were left out is in ``attrs["thin_periods"]``.
    """
    act = validate_activity(activity)
    seen = observable_signals(act)
    act = act.assign(bucket=act["period"].dt.to_period(freq).dt.start_time)
    sums = act.groupby(["bucket", "member_id"])[list(COUNT_COLUMNS)].sum(min_count=1)
    for c in COUNT_COLUMNS:
        sums[c] = sums[c].astype("Int64")
        if seen[c]:
            sums[c] = sums[c].fillna(0)
    typed = classify_counts(sums, rule)
    counts = (typed.groupby(level="bucket")["member_type"].value_counts().unstack(fill_value=0)
              .reindex(columns=list(MEMBER_TYPES), fill_value=0))
    counts.columns = list(MEMBER_TYPES)
    counts["members"] = counts[list(MEMBER_TYPES)].sum(axis=1)
    for m in MEMBER_TYPES:
        counts[f"share_{m}"] = counts[m] / counts["members"].where(counts["members"] > 0)
    thin = counts["members"] < min_members
    out = counts[~thin].reset_index().rename(columns={"bucket": "period"})
    out.attrs["thin_periods"] = int(thin.sum())
    return out


def activity_from_mentions(df: pd.DataFrame, brand: str | None = None, freq: str = "W") -> pd.DataFrame:
    """Member activity from a conversation (mentions schema): who starts and who replies.

    Customer posts (``is_brand`` false) about ``brand`` (all brands when None). A post without
    ``in_reply_to`` starts a conversation (``original_posts``). A reply counts as a
    ``follow_up`` when it is in a conversation the author started (``thread_id`` when the data
    carry it, else the replied-to post is the author's own), otherwise as a reply to someone
    else (``replies``) — in support data, a customer answering the brand in their own thread is
    following up, not contributing. ``views``, ``shares`` (no re-post rows) and
    ``reward_actions`` are not observable in such data and stay NA. Periods start on the
    period start of ``freq``.
    """
    posts = df if brand is None else df[df["brand"] == brand]
    is_brand = posts["is_brand"] if "is_brand" in posts.columns else pd.Series(False, index=posts.index)
    everyone = posts
    posts = posts[~is_brand.astype(bool)]
    if posts.empty:
        return empty_activity()
    author_of = everyone.set_index("post_id")["author_id"]
    reply_to = posts["in_reply_to"] if "in_reply_to" in posts.columns else pd.Series(pd.NA, index=posts.index)
    is_start = reply_to.isna()
    if "thread_id" in everyone.columns:
        roots = everyone[everyone["in_reply_to"].isna()] if "in_reply_to" in everyone.columns else everyone
        starter = roots.sort_values("created_at").drop_duplicates("thread_id").set_index("thread_id")["author_id"]
        own = posts["thread_id"].map(starter) == posts["author_id"]
    else:
        root = _thread_roots(everyone)
        own = posts["post_id"].map(root).map(author_of) == posts["author_id"]
    own = own.fillna(False).astype(bool)
    kind = np.where(is_start, "original_posts", np.where(own, "follow_ups", "replies"))
    when = posts["created_at"]
    if getattr(when.dt, "tz", None) is not None:
        when = when.dt.tz_convert("UTC").dt.tz_localize(None)
    frame = pd.DataFrame({"member_id": posts["author_id"].astype(str).to_numpy(),
                          "period": when.dt.to_period(freq).dt.start_time.to_numpy(), "kind": kind})
    counts = frame.groupby(["member_id", "period", "kind"]).size().unstack(fill_value=0)
    out = counts.reindex(columns=["original_posts", "replies", "follow_ups"], fill_value=0).reset_index()
    for c in ("views", "shares", "reward_actions"):
        out[c] = pd.array([pd.NA] * len(out), dtype="Int64")
    return validate_activity(out)


def _thread_roots(posts: pd.DataFrame, max_depth: int = 200) -> pd.Series:
    """post_id → the first post of its conversation, following ``in_reply_to`` inside the frame.

    A reply whose parent is not in the frame is its own root (the chain is cut there).
    """
    ids = posts["post_id"].astype(str)
    parent = posts["in_reply_to"] if "in_reply_to" in posts.columns else pd.Series(pd.NA, index=posts.index)
    parent = pd.Series(parent.to_numpy(), index=ids.to_numpy()).astype("string")
    parent = parent[parent.notna() & parent.isin(set(ids))]
    root = pd.Series(ids.to_numpy(), index=ids.to_numpy())
    for _ in range(max_depth):
        up = root.map(parent)
        moved = up.notna()
        if not moved.any():
            break
        root[moved] = up[moved]
    return root


def agreement_with_truth(classified: pd.DataFrame, truth: pd.Series) -> tuple[pd.DataFrame, float]:
    """Crosstab of rule types vs reference types (index = member) and the share that agree."""
    both = classified[["member_type"]].join(truth.rename("reference"), how="inner")
    tab = pd.crosstab(both["member_type"], both["reference"]).reindex(
        index=list(MEMBER_TYPES), columns=list(MEMBER_TYPES), fill_value=0)
    agree = float((both["member_type"].astype(str) == both["reference"].astype(str)).mean()) if len(both) else float("nan")
    return tab, agree
