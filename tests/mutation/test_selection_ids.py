"""Every test mutmut runs can be selected again by its node id: pytest escapes a non-ASCII
character of a parametrize id (`−` becomes `\\u2212`), and mutmut, which passes the ids it
recorded back to pytest, then stops on pytest's usage error (BadTestExecutionCommandsException)."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from tests.helpers import ROOT


@pytest.mark.selftest  # a collection in a subprocess: in `tox -e selftest`, beside the other tooling checks
def test_every_node_id_of_the_mutation_selection_is_plain_ascii():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           *config["pytest_add_cli_args_test_selection"]],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    ids = [line for line in done.stdout.splitlines() if "::" in line]
    assert done.returncode == 0 and len(ids) > 100, done.stdout[-2000:] + done.stderr[-2000:]
    escaped = [node for node in ids if not node.isascii() or "\\x" in node or "\\u" in node]
    assert not escaped, f"{len(escaped)} node ids pytest escapes; give them ASCII ids: {escaped[:5]}"
