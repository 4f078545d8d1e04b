"""The frameworks of the readings as data (``scrm_lib/frameworks.yaml``), and the crosswalk
between their ladders (``scrm_lib/framework_crosswalk.yaml``: a stated assumption, not published)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from scrm_lib.analysis import maturity
from scrm_lib.core.config import PACKAGE_DIR
from scrm_lib.core.errors import ParamsError
from scrm_lib.core.yamlio import read_yaml_file

_FRAMEWORKS = PACKAGE_DIR / "frameworks.yaml"


#: The default crosswalk (a stated assumption, not published).
DEFAULT_CROSSWALK = PACKAGE_DIR / "framework_crosswalk.yaml"

#: Frameworks a question can evidence, in display order.
FRAMEWORKS: tuple[str, ...] = ("gartner_stages", "building_blocks", "wang", "ibm")
FRAMEWORK_NAMES: dict[str, str] = {
    "gartner_stages": "Gartner (2013) stages",
    "building_blocks": "Gartner building blocks (Davies 2011)",
    "wang": "Constellation phases (Wang 2011)",
    "ibm": "IBM (2011) stages",
    "sarner": "Gartner four steps (Sarner)",
}
#: Columns of the crosswalk table.
CROSSWALK_COLUMNS: tuple[str, ...] = ("gartner_stage", "wang_phase", "ibm_stage", "building_block_phase")
#: Label put on every number or mapping that is not in the readings.
JUDGEMENT = "workbench judgement (not in the readings)"


@cache
def frameworks() -> dict[str, Any]:
    """The parsed ``scrm_lib/frameworks.yaml``."""
    return read_yaml_file(_FRAMEWORKS, "frameworks file")


def building_blocks() -> pd.DataFrame:
    """Gartner's eight building blocks: ``id, name, social, source`` (in the reading's order)."""
    return pd.DataFrame(frameworks()["building_blocks"]["blocks"], columns=["id", "name", "social", "source"])


def block_phases() -> pd.DataFrame:
    """The pioneer and settler phases of the building blocks: ``id, name, text, source``."""
    return pd.DataFrame(frameworks()["building_blocks"]["phases"], columns=["id", "name", "text", "source"])


def wang_phases() -> pd.DataFrame:
    """Constellation's five phases with the leader's task: ``id, name, leader_task, source``."""
    return pd.DataFrame(frameworks()["wang"]["phases"], columns=["id", "name", "leader_task", "source"])


def wang_steps() -> pd.DataFrame:
    """Wang's four steps: ``id, text, source``."""
    return pd.DataFrame(frameworks()["wang"]["steps"], columns=["id", "text", "source"])


def wang_rules() -> pd.DataFrame:
    """Wang's five rules: ``text, source``."""
    return pd.DataFrame(frameworks()["wang"]["rules"], columns=["text", "source"])


def ibm_stages() -> pd.DataFrame:
    """IBM's three stages: ``id, name, source``."""
    return pd.DataFrame(frameworks()["ibm"]["stages"], columns=["id", "name", "source"])


def sarner_steps() -> pd.DataFrame:
    """Sarner's four steps: ``number, id, text, source, judgement_blocks``."""
    return pd.DataFrame(frameworks()["sarner"]["steps"],
                        columns=["number", "id", "text", "source", "judgement_blocks"])


def member_types() -> pd.DataFrame:
    """Sarner's community member types, indexed by id, with the workbench's behaviour and reward.

    Columns: ``name, quote, source`` (the reading) and ``judgement_behaviour,
    judgement_reward`` (the workbench's judgement, not in the reading).
    """
    cols = ["id", "name", "quote", "source", "judgement_behaviour", "judgement_reward"]
    return pd.DataFrame(frameworks()["sarner"]["member_types"], columns=cols).set_index("id")


def cost_warning() -> dict[str, Any]:
    """Sarner's community cost estimate: ``{text, amount_usd, source}``."""
    return dict(frameworks()["sarner"]["cost_warning"])


def facts() -> pd.DataFrame:
    """Every published figure the frameworks file holds: ``framework, text, source``."""
    rows = [{"framework": fw, "text": f["text"], "source": f["source"]}
            for fw in ("gartner_stages", "building_blocks", "wang") for f in frameworks()[fw].get("facts", [])]
    return pd.DataFrame(rows, columns=["framework", "text", "source"])


def levels(framework: str) -> list[str]:
    """The element ids of a framework in order (stages, blocks, phases)."""
    if framework == "gartner_stages":
        return list(maturity.STAGES)
    if framework == "building_blocks":
        return list(building_blocks()["id"])
    if framework == "wang":
        return list(wang_phases()["id"])
    if framework == "ibm":
        return list(ibm_stages()["id"])
    raise ValueError(f"unknown framework {framework!r}; expected one of {FRAMEWORKS}")


def element_source(framework: str, element: str) -> str:
    """The reading an element comes from (its ``source:``)."""
    if framework == "gartner_stages":
        return str(maturity.stage_info(element)["source"])
    table = {"building_blocks": building_blocks, "wang": wang_phases, "ibm": ibm_stages}[framework]()
    return str(table.set_index("id").loc[element, "source"])


def load_crosswalk(path: str | Path | None = None) -> pd.DataFrame:
    """The crosswalk table, indexed by Gartner stage (``attrs``: status, published, path).

    Raises:
        ParamsError: the file is not a crosswalk (missing columns, unknown stage/phase ids,
            a Gartner stage missing or repeated), naming the file and row.
    """
    p = Path(path) if path else DEFAULT_CROSSWALK
    data = read_yaml_file(p, "crosswalk file") or {}
    if not isinstance(data, dict):
        raise ParamsError(str(p), [f"expected a mapping with 'rows', found {type(data).__name__}"])
    rows = data.get("rows") or []
    problems: list[str] = []
    allowed = {"gartner_stage": list(maturity.STAGES), "wang_phase": levels("wang"), "ibm_stage": levels("ibm"),
               "building_block_phase": list(block_phases()["id"])}
    for i, row in enumerate(rows, 1):
        for col, ok in allowed.items():
            if not isinstance(row, dict) or row.get(col) not in ok:
                got = row.get(col) if isinstance(row, dict) else row
                problems.append(f"rows[{i}].{col}: expected one of {ok}, got {got!r}")
    stages = [r.get("gartner_stage") for r in rows if isinstance(r, dict)]
    if sorted(map(str, stages)) != sorted(maturity.STAGES) and not problems:
        problems.append(f"rows: expected one row per Gartner stage {list(maturity.STAGES)}, got {stages}")
    if data.get("published") is not False:
        problems.append("published: must be false — no reading publishes a crosswalk (state it as an assumption)")
    if problems:
        raise ParamsError(str(p), problems)
    table = pd.DataFrame(rows, columns=list(CROSSWALK_COLUMNS)).set_index("gartner_stage").reindex(list(maturity.STAGES))
    table.attrs.update(status=str(data.get("status", JUDGEMENT)), published=False, path=str(p))
    return table
