"""The verdict as a JSON document for graders and CI (`--verdict-json PATH`), following the
versioned schema shipped beside this module, verdict.schema.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from backprop_spec.properties.target.discovery import ROLES
from backprop_spec.properties.verify import exits
from backprop_spec.properties.verify.aggregate import Verdict
from backprop_spec.properties.verify.header import Header
from backprop_spec.properties.verify.observation import Failure, RoleRecord, ratio_to_json

SCHEMA = Path(__file__).resolve().with_name("verdict.schema.json")
SCHEMA_VERSION = 4


def _binding(record: RoleRecord | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {"class": record.cls, "found_by": record.found_by, "forward": record.forward,
            "backward": record.backward, "flag": record.flag,
            "init": [{"parameter": name, "value": value} for name, value in record.init.items()],
            "attributes": record.attributes, "problem": record.problem,
            "untested": list(record.untested), "description": record.describe()}


def _failure(op: str, family: str, failure: Failure) -> dict[str, Any]:
    return {"test": failure.test, "operation": op, "family": family, "message": failure.message,
            "snippet": failure.snippet,
            "compared": dict(vars(failure.compared)) if failure.compared else None}


def document(header: Header, verdict: Verdict, code: int, unusable: str | None) -> dict[str, Any]:
    """The whole report; `code` is what backprop-verify returns, `unusable` why the target
    cannot be judged (None when it can)."""
    known = verdict.target
    statuses = verdict.role_statuses()
    return {
        "schema_version": SCHEMA_VERSION,
        "header": header.to_json(),
        "exit": {"code": code, "meaning": exits.meaning(code)},
        "strict": verdict.strict,
        "target": {"spec": header.target, "loaded": known.how if known else None,
                   "events": list(known.events) if known else [], "unusable": unusable,
                   "deselected": known.deselected if known else 0},
        "roles": [{"role": role, "status": statuses[role], "binding": _binding(known.roles.get(role)),
                   "absent_because": known.absent.get(role),
                   "diagnosis": verdict.diagnosis(role).to_json()}
                  for role in ROLES] if known else [],
        "rows": [{"operation": op, "family": family, "verdict": verdict.row_status(row),
                  "passed": row.passed, "failed": row.failed,
                  "beyond_contract": sum(verdict.beyond(seen) for seen in row.failures),
                  "skipped": row.skipped, "runs": row.runs,
                  "worst": ratio_to_json(row.worst)} for op, family, row in verdict.table()],
        "conventions": [{"name": name, "choices": sorted(choices)}
                        for name, choices in sorted(verdict.conventions.items())],
        "failures": [_failure(op, family, failure) for op, family, failure in verdict.failures()],
        "notes": [_failure(op, family, failure) for op, family, failure in verdict.notes()],
    }


def write(path: Path, content: dict[str, Any]) -> None:
    """Write the document as UTF-8 JSON (through a sibling file, so a reader never sees half)."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(content, indent=2, ensure_ascii=False, allow_nan=False) + "\n",
                       encoding="utf-8")
    partial.replace(path)
