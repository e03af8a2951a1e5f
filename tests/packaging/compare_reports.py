"""The learner's path, end to end (tox -e wheel): with the non-editable wheel installed in a fresh
env, `backprop-verify` run from a temporary folder outside the clone on a copy of a learner
target prints the same verdict report as the clone's own sources (`pytest
properties/verify/checks --impl=…`, what tox -e verify runs), both derandomised (ci profile):
the same exit code, role lines, table rows with their run counts, conventions and failures. Not
the worst-error column: Hypothesis mixes literal constants of *local* modules (not those in
site-packages) into what it draws, so a clone, whose suite is local, and an installed suite draw
different examples after the first few dozen — both correct, with different worst ratios. The
learner's folder, which holds a conftest.py that raises and a pytest.ini with a bogus option,
must be left as it was (no .hypothesis, .pytest_cache, .benchmarks, __pycache__). Exits 1 on
any difference."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ("tests/selftest/learners/chapter9.py", "tests/selftest/learners/renamed.py")


def run(args: list[str], cwd: Path, clone: bool) -> str:
    """Output of `args` in `cwd`; with `clone`, the clone's sources first on the path."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "CI")}
    env["HYPOTHESIS_PROFILE"] = "ci"
    if clone:
        env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    return f"exit {done.returncode}\n" + done.stdout + done.stderr


TABLE_ROW = re.compile(r"^(\S+\s+(?:symbolic|numeric|invariants|pitfalls|purity)\s+\S+\s+\d+)\s+\S+$")


def report(output: str) -> list[str]:
    """The exit code and the verdict section (up to pytest's own short summary, whose paths name
    where the suite lives), each table row without its worst-error column, blank lines left out:
    whether pytest writes one after the section's title depends on what it printed before (a
    warnings summary from the target's own code, which the two runs' different draws may or may
    not provoke), not on the verdict."""
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines) if " verdict for " in line), len(lines))
    end = next((i for i, line in enumerate(lines) if "short test summary info" in line
                or re.search(r"\d+ passed.* in [\d.]+s", line)), len(lines))
    return [lines[0]] + [TABLE_ROW.sub(r"\1", line) for line in lines[start:end] if line.strip()]


def installed_from(folder: Path) -> Path:
    """Where the command's Python imports the suite from, seen from `folder`."""
    code = "import backprop_spec; print(backprop_spec.__file__)"
    out = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True,
                         check=True, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    return Path(out.stdout.strip()).resolve()


def main() -> int:
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        learner = Path(folder)
        # a learner's folder may hold its own pytest configuration: none of it may reach the run
        (learner / "conftest.py").write_text("raise RuntimeError('the learner conftest was loaded')\n")
        (learner / "pytest.ini").write_text("[pytest]\naddopts = --no-such-option -x\n")
        package = installed_from(learner)
        site = Path(sysconfig.get_path("purelib")).resolve()
        if package.parents[1] != site:
            print(f"the wheel env imports the suite from {package}, not from the wheel in {site}")
            return 1
        command = shutil.which("backprop-verify", path=str(Path(sys.executable).parent)) or "backprop-verify"
        for relative in TARGETS:
            copy = learner / Path(relative).name
            shutil.copy(ROOT / relative, copy)
            raw = run([command, str(copy)], learner, clone=False)
            installed = report(raw)
            clone = report(run([sys.executable, "-m", "pytest", "properties/verify/checks",
                                f"--impl={copy}", "-p", "no:cacheprovider"], ROOT, clone=True))
            if len(installed) < 5:
                failures += 1
                print(f"{relative}: the installed command printed no verdict report:\n{raw[-3000:]}")
            elif installed != clone:
                failures += 1
                print(f"{relative}: the installed command's report differs from the clone's:")
                print("\n".join(difflib.unified_diff(clone, installed, "clone", "installed", lineterm="")))
            else:
                print(f"{relative}: the same report ({len(installed)} lines) from the wheel and the clone")
        placed = {"conftest.py", "pytest.ini", *(Path(t).name for t in TARGETS)}
        litter = sorted(p.name for p in learner.iterdir() if p.name not in placed)
        if litter:
            failures += 1
            print(f"the run left {', '.join(litter)} in the learner's folder")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
