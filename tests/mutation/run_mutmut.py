"""The mutation score of impl/ under the fast suite (tox -e mutation).

Runs mutmut 3 — configured by [tool.mutmut] in pyproject.toml: impl/ is mutated, tests/impl,
the catalogue (properties/verify/checks), tests/properties and the SPEC.md drift test run with
-x — in a fresh ./mutants/, under the Hypothesis profile in HYPOTHESIS_PROFILE (dev if
unset). Then every mutant is sorted into killed, equivalent (listed with its reason in
tests/mutation/equivalent.py) or unexplained, and each unexplained survivor's diff is printed.
Exits 1 while any survivor is unexplained, any listed equivalent no longer survives as written,
or any mutant was left unchecked.

    python tests/mutation/run_mutmut.py                 # full run, 2 workers
    python tests/mutation/run_mutmut.py --report-only   # the last run's results again
    python tests/mutation/run_mutmut.py 'impl.losses.*' # rerun some mutants (mutmut's globs)

The results are read through mutmut's own modules, which is why the tox env pins mutmut==3.8.1:
its command line prints no machine-readable listing, and `mutmut show` costs a process each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: make `tests.mutation` importable
    sys.path.insert(0, str(ROOT))

from tests.mutation.equivalent import EQUIVALENT, Equivalent  # noqa: E402

DETECTED = {"killed", "timeout"}  # a timeout is a mutant that made the tests hang: caught


@dataclass(frozen=True)
class Mutant:
    name: str  # mutmut's id, e.g. impl.activations.xǁActivation_Sigmoidǁforward__mutmut_7
    status: str
    diff: str = ""

    @property
    def function(self) -> str:
        """The mutated function as module.Class.method or module.function."""
        module, _, generated = self.name.rpartition(".")
        base = generated.rsplit("__mutmut_", 1)[0]
        if base.startswith("xǁ"):
            return f"{module}.{'.'.join(base[2:].split('ǁ'))}"
        return f"{module}.{base.removeprefix('x_')}"

    @property
    def change(self) -> tuple[str, str]:
        """(the lines the mutant replaces, the lines it writes), each stripped, joined by newlines."""
        lines = [line for line in self.diff.splitlines() if not line.startswith(("---", "+++"))]
        removed = [line[1:].strip() for line in lines if line.startswith("-")]
        added = [line[1:].strip() for line in lines if line.startswith("+")]
        return "\n".join(removed), "\n".join(added)

    def matches(self, entry: Equivalent) -> bool:
        return (self.function, *self.change) == (entry.function, entry.before, entry.after)


def run_mutmut(max_children: int, names: list[str]) -> float:
    """mutmut run in ROOT; a full run starts from an empty mutants/. Returns the wall time."""
    if not names:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    env = dict(os.environ)
    env.setdefault("HYPOTHESIS_PROFILE", "dev")
    env.pop("BACKPROP_IMPL", None)  # the score is impl/'s, whichever target the environment names
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(max_children), *names]
    print("$", " ".join(command), f"(HYPOTHESIS_PROFILE={env['HYPOTHESIS_PROFILE']})", flush=True)
    start = time.monotonic()
    completed = subprocess.run(command, cwd=ROOT, env=env, check=False)
    if completed.returncode != 0:
        sys.exit(f"mutmut run failed with exit status {completed.returncode}")
    return time.monotonic() - start


def collect() -> list[Mutant]:
    """Every mutant of the last run with its status; survivors and untested ones carry their diff."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code
    from mutmut.utils.file_utils import walk_mutatable_files

    mutants = []
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        for name, exit_code in data.exit_code_by_key.items():
            status = status_by_exit_code[exit_code]
            diff = get_diff_for_mutant(name, path=path) if status in {"survived", "no tests"} else ""
            mutants.append(Mutant(name, status, diff))
    return mutants


def show(title: str, mutants: Iterable[Mutant]) -> None:
    """Each mutant's name and status, and its diff where collect() kept one."""
    mutants = list(mutants)
    if not mutants:
        return
    print(f"\n{title} ({len(mutants)}):")
    for mutant in mutants:
        print(f"  {mutant.name}  [{mutant.status}]")
        if mutant.diff:
            before, after = mutant.change
            print("\n".join([*(f"    - {line}" for line in before.splitlines()),
                             *(f"    + {line}" for line in after.splitlines())]))


def report(mutants: list[Mutant], seconds: float | None, partial: bool) -> int:
    """Print the survivors, then the score; the exit status (0 only if everything is explained)."""
    detected = [m for m in mutants if m.status in DETECTED]
    survivors = [m for m in mutants if m.status == "survived"]
    equivalent = {m: next((e for e in EQUIVALENT if m.matches(e)), None) for m in survivors}
    listed = [m for m, entry in equivalent.items() if entry]
    unexplained = [m for m, entry in equivalent.items() if not entry]
    unchecked = [m for m in mutants if m.status not in DETECTED | {"survived"}]
    stale = [] if partial else [e for e in EQUIVALENT if not any(m.matches(e) for m in listed)]

    by_reason: dict[str, list[Mutant]] = {}
    for mutant in listed:
        by_reason.setdefault(equivalent[mutant].reason, []).append(mutant)
    if listed:
        print(f"\nequivalent survivors ({len(listed)}), by reason:")
    for reason, group in by_reason.items():
        print(f"  {reason}:\n" + "\n".join(f"    {m.name}" for m in group))
    show("unchecked mutants (no tests, skipped, interrupted or suspicious)", unchecked)
    show("unexplained survivors", unexplained)
    if stale:
        print(f"\nequivalent.py entries that match no surviving mutant ({len(stale)}): the line changed, "
              "or a test now kills the mutant — either way the entry is wrong now")
        for entry in stale:
            print(f"  {entry.function}: {entry.before!r} -> {entry.after!r}")

    took = f" in {seconds / 60:.1f} min" if seconds is not None else ""
    timeouts = sum(m.status == "timeout" for m in detected)
    print(f"\nmutmut over impl/: {len(mutants)} mutants{took}: {len(detected)} killed ({timeouts} by "
          f"timeout), {len(listed)} equivalent (listed), {len(unexplained)} unexplained survivors"
          + (f", {len(unchecked)} unchecked" if unchecked else ""))
    scored = len(mutants) - len(listed)  # max() below: a rerun of listed mutants alone scores none
    print(f"mutation score: {len(detected)} / {scored} non-equivalent mutants killed "
          f"= {100 * len(detected) / max(scored, 1):.1f}%")
    return 1 if unexplained or unchecked or stale else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="mutant names or globs to rerun (default: a full run)")
    parser.add_argument("--max-children", type=int, default=2, help="parallel mutmut workers (default 2)")
    parser.add_argument("--report-only", action="store_true", help="report the last run, run nothing")
    args = parser.parse_args(argv)
    os.chdir(ROOT)  # mutmut reads pyproject.toml and writes mutants/ in the working directory
    seconds = None if args.report_only else run_mutmut(args.max_children, args.names)
    mutants = collect()
    if not mutants:
        sys.exit("no mutmut results in mutants/: run without --report-only first")
    return report(mutants, seconds, partial=bool(args.names))


if __name__ == "__main__":
    sys.exit(main())
