"""The import probe: runs a target's code in a child Python (same interpreter, sys.path and working
folder) under a time limit and reads back one JSON line — how the run ended, what it did to NumPy,
which definitions it skipped, which missing packages it stood in for — so that a target that trains
for minutes, exits or crashes at import does it outside the suite. A run of the whole file stops at
an import of a package that is not installed (a "missing" failure); the loader then probes its
definitions only, where such imports are bound to stand-ins (execution.py, standins.py)."""

from __future__ import annotations

import io
import json
import os
import secrets
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from backprop_spec.properties.target.execution import Failure, Outcome, Target, new_module, read_target, run

STARTUP_GRACE = 3.0  # seconds to start Python and import NumPy, on top of the target's own limit
BOOTSTRAP = ("import json, sys; payload = json.loads(sys.argv[1]); sys.path[:] = payload['path']; "
             "from backprop_spec.properties.target.probe import main; main(payload)")


def probe(target: Target, *, whole: bool, seconds: float) -> Outcome:
    """Run the target in a child process, whole or only its definitions: the child stops it after
    `seconds` (a CallTimeout in its loop tells where it was), and is killed if it has not answered
    STARTUP_GRACE seconds later (a C call that never returns, an exception swallowed)."""
    nonce = secrets.token_hex(8)
    payload = json.dumps({"path": [str(entry) for entry in sys.path], "target": str(target.path),
                          "whole": whole, "seconds": seconds, "nonce": nonce})
    # files, not pipes: a grandchild the target started cannot keep the probe waiting on a pipe
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            child = subprocess.run([sys.executable, "-P", "-c", BOOTSTRAP, payload], check=False,
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                   timeout=seconds + STARTUP_GRACE)
        except subprocess.TimeoutExpired:
            return Outcome(Failure("timeout", "was still running"))
        except OSError as problem:  # no interpreter to start: say so rather than fail inside the suite
            return Outcome(Failure("crash", f"could not be probed: starting {sys.executable} failed "
                                            f"({problem})"))
        out.seek(0)
        err.seek(0)
        printed, complaints = (stream.read().decode("utf-8", "replace") for stream in (out, err))
    for line in reversed(printed.splitlines()):
        if line.startswith(nonce):
            return _outcome(json.loads(line[len(nonce):]))
    last = complaints.strip().splitlines()[-1:]
    return Outcome(Failure("crash", f"ended its Python process (exit code {child.returncode}) before "
                                    "the import finished" + (f"; its last words: {last[0]}" if last else "")))


def _outcome(report: dict[str, Any]) -> Outcome:
    failure = report["failure"]
    return Outcome(Failure(**failure) if failure else None, tuple(report["numpy"]), tuple(report["skipped"]),
                   tuple(report["standins"]))


def main(payload: dict[str, Any]) -> None:
    """The child's side: run the target, print the nonce and the outcome as one JSON line on the
    original stdout (whatever the target did with sys.stdout), and leave at once (no atexit
    handler, no thread of the target's keeps the process alive)."""
    report = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # a learner's non-ASCII print never fails here
            stream.reconfigure(errors="replace")
    target = read_target(Path(payload["target"]))
    outcome = run(target, new_module(target), whole=payload["whole"], seconds=payload["seconds"])
    report.write(f"\n{payload['nonce']}{json.dumps(asdict(outcome))}\n")
    report.flush()
    os._exit(0)
