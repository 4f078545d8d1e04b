"""The ``scrm`` command registry (scrm_lib/cli/__init__.py): every command module builds its parser,
and command modules are imported only when their command runs (``scrm --help`` stays cheap)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from scrm_lib.cli import COMMANDS, build_parser, load_command, main


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_module_builds_its_parser_and_sets_func() -> None:
    """A broken command module fails here (the lazy registry no longer imports it on every call)."""
    subs = _subparsers(build_parser())
    assert list(subs) == [c.name for c in COMMANDS]
    for name, p in subs.items():
        funcs = [p.get_default("func")] + [
            sp.get_default("func") for a in p._actions if isinstance(a, argparse._SubParsersAction)
            for sp in a.choices.values()
        ]
        assert any(callable(f) for f in funcs), f"scrm {name} sets no func"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_targets_resolve(command) -> None:
    assert callable(load_command(command))


def _modules_after(args: list[str]) -> list[str]:
    code = (
        "import json, sys\n"
        "from scrm_lib.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('scrm_lib.', 'sklearn', 'pandas')))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_top_level_help_imports_no_command_module() -> None:
    loaded = _modules_after(["--help"])
    assert not [m for m in loaded if m.startswith("scrm_lib.cli.")], loaded
    assert not [m for m in loaded if m.startswith(("sklearn", "pandas"))], loaded


def test_a_command_imports_only_its_own_module() -> None:
    loaded = _modules_after(["validate", "--help"])
    assert [m for m in loaded if m.startswith("scrm_lib.cli.")] == ["scrm_lib.cli.validate"]
    assert not [m for m in loaded if m.startswith("sklearn")], "scrm validate must not load scikit-learn"


def test_debug_before_the_command_and_unknown_commands(capsys) -> None:
    assert main(["--debug", "formats", "--kind", "survey"]) == 0
    assert "survey" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
