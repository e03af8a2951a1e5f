"""SPEC.md and its figures never drift from the code: a fresh in-process render must equal the
committed files, every catalogue entry is pinned by a test that exists, every erratum and every
operation appears, and spec/'s record of the proof scopes matches what symbolic/ proves."""

import ast
from pathlib import Path

import pytest

from backprop_spec.spec import edge_cases, figure_data, render
from backprop_spec.spec.errata import ERRATA
from backprop_spec.spec.probes import PINNED_MODULES
from backprop_spec.spec.sections import PROOF_SCOPES

SPEC = (render.ROOT / render.SPEC_PATH).read_text(encoding="utf-8")


def test_committed_spec_and_figures_match_a_fresh_render():
    """A change in impl/, spec/notes_code.py or spec/ that alters SPEC.md must be committed with
    the re-rendered file (`python -m backprop_spec.spec`)."""
    differences = render.stale(render.render_all())
    summary = {path: lines[:30] for path, lines in differences.items()}
    assert not differences, f"stale; run `python -m backprop_spec.spec`: {summary}"


def _pinned_node_ids() -> set[str]:
    """Node ids of the test functions defined in the pinned-test modules, read from their source
    (no import)."""
    ids = set()
    for module in PINNED_MODULES:
        tree = ast.parse((render.ROOT / module).read_text(encoding="utf-8"))
        ids |= {f"{module}::{node.name}" for node in tree.body
                if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}
    return ids


def test_every_entry_is_pinned_by_an_existing_test():
    """Each pinned_by is a node id in tests/impl/test_edge_cases*.py whose test exists."""
    defined = _pinned_node_ids()
    for entry in edge_cases.CATALOGUE:
        assert entry.pinned_by in defined, f"{entry.key}: no test {entry.pinned_by}"


def test_every_pinned_test_belongs_to_an_entry():
    """No test in the pinned modules is missing from the catalogue (and so from SPEC.md)."""
    assert _pinned_node_ids() == {entry.pinned_by for entry in edge_cases.CATALOGUE}


def test_catalogue_entries_are_complete_and_unique():
    """Keys are unique; every entry has a section, an input, a reason and a PyTorch fact."""
    keys = [entry.key for entry in edge_cases.CATALOGUE]
    assert len(keys) == len(set(keys))
    for entry in edge_cases.CATALOGUE:
        assert entry.operation in edge_cases.SECTIONS, entry.key
        assert entry.trigger and entry.why and "`" in entry.pytorch, entry.key


def test_every_erratum_appears_in_spec():
    """spec/errata.py's ERRATA, each with the notes' text and the correction."""
    for erratum in ERRATA:
        assert erratum.notes_text in SPEC and erratum.corrected in SPEC, erratum.notes_text


def test_every_operation_and_entry_has_its_place():
    """A section per operation of spec.operations.GRADIENTS (and the cross-cutting one), an
    anchor per edge case, a conventions list, and the figures linked by relative path."""
    headings = {line[3:] for line in SPEC.splitlines() if line.startswith("## ")}
    for section in edge_cases.SECTIONS:
        assert render._heading(section) in headings
    for entry in edge_cases.CATALOGUE:
        assert f'<a id="{entry.key}"></a>' in SPEC
    for figure in (figure_data.STEP_SIZE_SVG, figure_data.SOFTMAX_UNDERFLOW_SVG):
        assert f"]({figure})" in SPEC and Path(render.ROOT / figure).is_file()


def test_recorded_proof_scopes_match_symbolic():
    """spec/sections.py records each proof's scope so the render need not run symbolic/; the
    record must say what symbolic.proofs reports. The proofs run once per session, shared with
    tests/symbolic/test_proofs.py, so the default suite pays nothing extra."""
    proofs = pytest.importorskip("backprop_spec.symbolic.proofs")
    from tests.helpers import proof

    assert set(PROOF_SCOPES) == set(proofs.PROOFS)
    for name, recorded in PROOF_SCOPES.items():
        result = proof(name)
        assert (recorded.operation, recorded.gradient, recorded.scope, recorded.assumptions) == (
            result.operation, result.gradient, result.scope, result.assumptions), name
