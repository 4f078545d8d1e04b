"""The ARM decision table: its schema (pydantic), loading and validating it, and a readable view.

The routing rules are **data**: a YAML decision table (the default is
``scrm_lib/rules/arm_decision_table.yaml``), applied by :func:`scrm_lib.metrics.triage.routing.route`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from scrm_lib.core.config import (
    RULES_DIR,
    relative_to_root,
    resolve_path,
)
from scrm_lib.core.errors import ParamsError
from scrm_lib.core.labels import SentimentLabel, TraitOrUncertain
from scrm_lib.core.yamlio import read_yaml_file

DEFAULT_DECISION_TABLE: Path = RULES_DIR / "arm_decision_table.yaml"


class RuleCondition(BaseModel):
    """The ``when`` part of a rule: every given key must match."""

    model_config = ConfigDict(extra="forbid", strict=True)

    trait: list[TraitOrUncertain] | None = None
    sentiment: list[SentimentLabel] | None = None
    channel: list[str] | None = None
    min_followers: int | None = Field(default=None, ge=0)
    max_followers: int | None = Field(default=None, ge=0)
    min_history: int | None = Field(default=None, ge=0)

    def is_catch_all(self) -> bool:
        """True when no key is given, so the rule matches every post."""
        return all(v is None for v in self.model_dump().values())


class Rule(BaseModel):
    """One row of the decision table."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str
    when: RuleCondition
    action: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    response: Literal["personal", "canned", "none"]
    escalate: bool = False
    base_priority: float = Field(ge=0, le=10)


class PriorityWeights(BaseModel):
    """Weights of the priority formula (see :func:`route`)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    reach_weight: float = Field(0.8, ge=0)
    negative_weight: float = Field(1.5, ge=0)
    history_weight: float = Field(1.0, ge=0)
    history_cap: int = Field(5, ge=1)
    escalate_weight: float = Field(1.0, ge=0)


class DecisionTable(BaseModel):
    """A validated ARM decision table: ordered rules, the last one a catch-all."""

    model_config = ConfigDict(extra="forbid", strict=True)

    version: Literal[1]
    priority: PriorityWeights = PriorityWeights()
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _last_rule_catches_all(self) -> DecisionTable:
        if not self.rules[-1].when.is_catch_all():
            raise ValueError(
                "the last rule must match every post (`when: {}`), so that every event gets a "
                "decision, even 'store only'"
            )
        names = [r.name for r in self.rules]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"rule names must be unique; repeated: {dupes}")
        return self


def load_decision_table(path: str | Path | None = None) -> DecisionTable:
    """Read and validate a decision table YAML (the default table when ``path`` is None).

    Raises:
        ParamsError: naming the file and listing every problem (unknown keys, unknown traits,
            a missing catch-all rule, bad YAML, …).
    """
    p = DEFAULT_DECISION_TABLE if path is None else resolve_path(path)
    data = read_yaml_file(p, "decision table file")
    return decision_table_from_dict(data, source=relative_to_root(p))


def decision_table_from_dict(data: Any, source: str = "<decision table>") -> DecisionTable:
    """Validate a decision table given as a mapping (see :func:`load_decision_table`)."""
    if not isinstance(data, dict):
        raise ParamsError(source, [f"expected a mapping with 'version' and 'rules', found {type(data).__name__}"])
    try:
        return DecisionTable.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = _rule_location(err["loc"], data)
            msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(f"{loc}: {msg}")
        raise ParamsError(source, problems) from None


def _rule_location(loc: Sequence[Any], data: dict[str, Any]) -> str:
    parts = [str(x) for x in loc]
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules") or []
        name = rules[loc[1]].get("name") if loc[1] < len(rules) and isinstance(rules[loc[1]], dict) else None
        head = f"rule {loc[1] + 1}" + (f" ('{name}')" if name else "")
        return ".".join([head, *parts[2:]])
    return ".".join(parts) or "(top level)"


def rules_frame(table: DecisionTable) -> pd.DataFrame:
    """The decision table as a readable table: one row per rule, conditions spelled out."""
    rows = []
    for i, r in enumerate(table.rules, start=1):
        cond = {k: v for k, v in r.when.model_dump().items() if v is not None}
        when = "; ".join(f"{k} {'in ' + ', '.join(v) if isinstance(v, list) else '= ' + str(v)}" for k, v in cond.items())
        rows.append({"order": i, "rule": r.name, "when": when or "(every post)", "action": r.action,
                     "response": r.response, "escalate": r.escalate, "base_priority": r.base_priority})
    return pd.DataFrame(rows).set_index("order")
