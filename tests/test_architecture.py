"""The package's layers hold (docs/architecture.md): imports at module top, no cycles, no layer
importing one above it, modules of a readable size.

Each rule is checked over the whole of ``scrm_lib`` from its source (``ast``), so a new module is
covered the day it is added. ``KNOWN_*`` lists are the debts still being paid off: a rule broken
anywhere else fails, and an entry that no longer applies fails too, so the lists only shrink.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from scrm_lib.core.config import PACKAGE_DIR

#: Layer of each top-level subpackage, bottom (0) to top. A module may import its own layer or
#: lower ones; modules of one layer must not import each other in a cycle.
LAYERS: dict[str, int] = {
    "core": 0,
    "text": 1,
    "data": 2,
    "modeling": 3,
    "metrics": 4,
    "analysis": 4,
    "reports": 5,
    "params": 6,
    "engine": 7,
    "run": 7,
    "samples": 8,
    "cli": 9,
}

#: Longest module allowed, in lines (issue 14: "no module exceeds ~600 lines").
MAX_LINES = 600
#: Modules still above MAX_LINES, to be split.
KNOWN_LONG: set[str] = {
    "scrm_lib.analysis.perception",
    "scrm_lib.analysis.readiness",
    "scrm_lib.analysis.usecases",
    "scrm_lib.data.io",
    "scrm_lib.metrics.listening",
    "scrm_lib.metrics.triage",
    "scrm_lib.run.runner",
    "scrm_lib.samples.mentions",
    "scrm_lib.samples.phrases",
}
#: Function-level imports of project modules still to be hoisted: "module -> imported".
KNOWN_INNER: set[str] = {
    "scrm_lib.analysis.perception -> scrm_lib.data.io",
    "scrm_lib.analysis.readiness -> scrm_lib.analysis.usecases",
    "scrm_lib.analysis.usecases -> scrm_lib.analysis.maturity",
    "scrm_lib.analysis.usecases -> scrm_lib.data.io",
    "scrm_lib.analysis.usecases -> scrm_lib.data.schemas.usecases",
    "scrm_lib.cli.eval -> scrm_lib.modeling.data",
    "scrm_lib.cli.eval -> scrm_lib.modeling.evaluate",
    "scrm_lib.cli.eval -> scrm_lib.modeling.trait_real",
    "scrm_lib.cli.score -> scrm_lib.core.config",
    "scrm_lib.cli.score -> scrm_lib.modeling.scoring",
    "scrm_lib.cli.score -> scrm_lib.modeling.stream",
    "scrm_lib.cli.score -> scrm_lib.modeling.vader",
    "scrm_lib.cli.score -> scrm_lib.run.runner",
    "scrm_lib.cli.train -> scrm_lib.core.config",
    "scrm_lib.cli.train -> scrm_lib.modeling.scoring",
    "scrm_lib.cli.train -> scrm_lib.modeling.train",
    "scrm_lib.cli.validate -> scrm_lib.data.io",
    "scrm_lib.cli.validate -> scrm_lib.data.schemas.mentions",
    "scrm_lib.core.errors -> scrm_lib.core.config",
    "scrm_lib.data.io -> scrm_lib.params",
    "scrm_lib.metrics.listening -> scrm_lib.analysis.perception",
    "scrm_lib.metrics.listening -> scrm_lib.core.errors",
    "scrm_lib.metrics.listening -> scrm_lib.data.io",
    "scrm_lib.metrics.listening -> scrm_lib.data.schemas.mentions",
    "scrm_lib.metrics.listening -> scrm_lib.metrics.overview",
    "scrm_lib.metrics.listening -> scrm_lib.modeling",
    "scrm_lib.metrics.listening -> scrm_lib.modeling.scoring",
    "scrm_lib.metrics.listening -> scrm_lib.text.language",
    "scrm_lib.metrics.triage -> scrm_lib.modeling.scoring",
    "scrm_lib.modeling.analysis -> scrm_lib.modeling.scoring",
    "scrm_lib.modeling.analysis -> scrm_lib.text.language",
    "scrm_lib.modeling.data -> scrm_lib.data.io",
    "scrm_lib.modeling.data -> scrm_lib.modeling.fairness",
    "scrm_lib.modeling.evaluate -> scrm_lib.modeling.data",
    "scrm_lib.modeling.evaluate -> scrm_lib.modeling.fairness",
    "scrm_lib.modeling.evaluate -> scrm_lib.modeling.presets",
    "scrm_lib.modeling.evaluate -> scrm_lib.modeling.scoring",
    "scrm_lib.modeling.fairness -> scrm_lib.modeling.scoring",
    "scrm_lib.modeling.scoring -> scrm_lib.core.config",
    "scrm_lib.modeling.scoring -> scrm_lib.modeling.train",
    "scrm_lib.modeling.text -> scrm_lib.modeling.vader",
    "scrm_lib.modeling.text -> scrm_lib.text.nltk_data",
    "scrm_lib.modeling.train -> scrm_lib.modeling.evaluate",
    "scrm_lib.modeling.train -> scrm_lib.modeling.persist",
    "scrm_lib.modeling.train -> scrm_lib.modeling.presets",
    "scrm_lib.modeling.train -> scrm_lib.modeling.realdata",
    "scrm_lib.modeling.train -> scrm_lib.modeling.trait_real",
    "scrm_lib.modeling.trait_real -> scrm_lib.modeling.data",
    "scrm_lib.modeling.trait_real -> scrm_lib.modeling.presets",
    "scrm_lib.modeling.trait_real -> scrm_lib.modeling.realdata",
    "scrm_lib.modeling.trait_real -> scrm_lib.modeling.scoring",
    "scrm_lib.params -> scrm_lib.core.errors",
    "scrm_lib.params -> scrm_lib.modeling.scoring",
    "scrm_lib.params -> scrm_lib.reports.viz.tables",
    "scrm_lib.params -> scrm_lib.run.runner",
    "scrm_lib.params.nb01_listening_analysis -> scrm_lib.modeling.scoring",
    "scrm_lib.params.nb03_use_case_prioritization -> scrm_lib.analysis.maturity",
    "scrm_lib.params.nb03_use_case_prioritization -> scrm_lib.analysis.usecases",
    "scrm_lib.params.nb06_advocate_program -> scrm_lib.metrics.listening",
    "scrm_lib.params.nb08_maturity_and_readiness -> scrm_lib.analysis.readiness",
    "scrm_lib.params.nb08_maturity_and_readiness -> scrm_lib.analysis.usecases",
    "scrm_lib.params.nb08_maturity_and_readiness -> scrm_lib.core.config",
    "scrm_lib.params.nb08_maturity_and_readiness -> scrm_lib.core.errors",
    "scrm_lib.reports.export -> scrm_lib.core.errors",
    "scrm_lib.reports.export -> scrm_lib.params",
    "scrm_lib.reports.export -> scrm_lib.reports.nbtools",
    "scrm_lib.reports.export -> scrm_lib.run.runner",
    "scrm_lib.reports.viz.listening -> scrm_lib.metrics.listening",
    "scrm_lib.reports.viz.perception -> scrm_lib.reports.viz.tables",
    "scrm_lib.run.runner -> scrm_lib.data.io",
    "scrm_lib.run.runner -> scrm_lib.metrics.overview",
    "scrm_lib.run.runner -> scrm_lib.params",
    "scrm_lib.run.runner -> scrm_lib.reports.course",
    "scrm_lib.run.runner -> scrm_lib.reports.export",
    "scrm_lib.samples -> scrm_lib.core.errors",
    "scrm_lib.samples.readiness -> scrm_lib.analysis.readiness",
    "scrm_lib.samples.readiness -> scrm_lib.params.nb08_maturity_and_readiness",
}
#: Import cycles still to be broken (each a sorted list of modules); found with the inner imports.
KNOWN_CYCLES: list[list[str]] = [
    ["scrm_lib.modeling.text", "scrm_lib.modeling.vader"],
    ["scrm_lib.data.io", "scrm_lib.modeling.data", "scrm_lib.modeling.evaluate", "scrm_lib.modeling.fairness", "scrm_lib.modeling.linear", "scrm_lib.modeling.presets", "scrm_lib.modeling.realdata", "scrm_lib.modeling.scoring", "scrm_lib.modeling.train", "scrm_lib.modeling.trait_real", "scrm_lib.modeling.trait_rules", "scrm_lib.params", "scrm_lib.reports.export", "scrm_lib.run.runner"],
]
#: Upward imports still to be removed: "module -> imported".
KNOWN_UPWARD: set[str] = {
    "scrm_lib.data.io -> scrm_lib.params",
    "scrm_lib.params -> scrm_lib.run.runner",
    "scrm_lib.reports.export -> scrm_lib.params",
    "scrm_lib.reports.export -> scrm_lib.run.runner",
}


def _modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = p.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = p
    return out


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom, is_pkg: bool) -> list[str]:
    base = node.module or ""
    if node.level:
        pkg = module.split(".") if is_pkg else module.split(".")[:-1]
        pkg = pkg[: len(pkg) - (node.level - 1)]
        base = ".".join(pkg + ([base] if base else []))
    if not base.startswith("scrm_lib"):
        return []
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]


def _imports() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """``(top, inner)``: project modules imported at module level, and inside functions/classes."""
    top: dict[str, set[str]] = defaultdict(set)
    inner: dict[str, set[str]] = defaultdict(set)
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_level = {id(n) for n in tree.body}
        # `if TYPE_CHECKING:` and `try:` blocks at module level are still module level
        for n in tree.body:
            if isinstance(n, ast.If | ast.Try):
                module_level |= {id(c) for c in ast.walk(n)}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                targets = _resolve(name, node, path.name == "__init__.py")
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("scrm_lib")]
            else:
                continue
            for t in targets:
                if t != name:
                    (top if id(node) in module_level else inner)[name].add(t)
    return top, inner


TOP, INNER = _imports()


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.get(parts[1], 0) if len(parts) > 1 else 0


def test_every_subpackage_has_a_layer() -> None:
    subpackages = {p.parent.name for p in PACKAGE_DIR.glob("*/__init__.py")}
    assert subpackages <= set(LAYERS), f"subpackages without a layer in LAYERS: {sorted(subpackages - set(LAYERS))}"


def test_imports_of_project_modules_sit_at_module_top() -> None:
    found = {f"{m} -> {t}" for m, ts in INNER.items() for t in ts}
    assert found - KNOWN_INNER == set(), "function-level imports (hoist them, or break the cycle they hide)"
    assert KNOWN_INNER - found == set(), "fixed: remove these from KNOWN_INNER"


def test_no_layer_imports_one_above_it() -> None:
    found = {f"{m} -> {t}" for m, ts in (TOP | INNER).items() for t in (ts | INNER.get(m, set()))
             if _layer(t) > _layer(m)}
    assert found - KNOWN_UPWARD == set(), "upward imports (move the code down, or pass the value in)"
    assert KNOWN_UPWARD - found == set(), "fixed: remove these from KNOWN_UPWARD"


def test_no_import_cycles() -> None:
    graph = {m: {t for t in TOP.get(m, set()) | INNER.get(m, set()) if t in MODULES} for m in MODULES}
    # a package's __init__ importing its own submodules is not a cycle of logic
    for m in graph:
        graph[m] = {t for t in graph[m] if not t.startswith(m + ".")}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert sorted(cycles) == sorted(KNOWN_CYCLES), f"import cycles: {cycles}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_size(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    if name in KNOWN_LONG:
        assert lines > MAX_LINES, f"{name} is {lines} lines now: remove it from KNOWN_LONG"
    else:
        assert lines <= MAX_LINES, f"{name} has {lines} lines (at most {MAX_LINES}: split it by job)"
