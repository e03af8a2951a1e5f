"""The replay transcription on a hand-made target: a ReLU whose backward forgets the mask, called
with Fortran-ordered, strided and read-only arguments. The snippet rebuilds each layout, prints
the failing entry (or both sides of a two-call comparison, or ⟨backward, v⟩ of a numeric check)
and, run in a fresh interpreter, prints exactly the value the suite got."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from backprop_spec.properties.inputs.fixed_draws import FixedDraws
from backprop_spec.properties.numerics import observations
from backprop_spec.properties.numerics.compare import check_close
from backprop_spec.properties.numerics.vjp import numeric_vjp_matches
from backprop_spec.properties.target import snippet
from backprop_spec.properties.target.adapter import Adapter
from backprop_spec.properties.target.model import Target, open_target
from tests.helpers import ROOT

LAYERS = '''
import numpy as np


class Activation_ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)
        layout = (inputs.flags.f_contiguous, inputs.strides, inputs.flags.writeable)
        self.layouts = [*getattr(self, "layouts", []), layout]

    def backward(self, dvalues):
        self.dinputs = dvalues * 1.0  # the mask inputs > 0 is missing
'''
X = np.array([[1.5, -2.0, 0.25], [-0.5, 3.0, -1.0]])
G = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])


@pytest.fixture
def target(tmp_path: Path) -> Target:
    path = tmp_path / "layers.py"
    path.write_text(LAYERS, encoding="utf-8")
    return open_target(str(path))


@contextmanager
def recording() -> Iterator[observations.Record]:
    """A record for what follows, as the verdict plugin keeps one around a catalogue test."""
    kept = observations.Record()
    token = observations.current.set(kept)
    try:
        yield kept
    finally:
        observations.current.reset(token)


def snippet_of(target: Target, record: observations.Record) -> tuple[str, observations.Comparison]:
    assert record.compared is not None
    return (snippet.reproduce(target.label, target.bindings, target.log, record.compared,
                              target.produced), record.compared)


def printed(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, f"{code}\n{done.stderr}"
    return done.stdout.strip().splitlines()


def strided(array: np.ndarray) -> np.ndarray:
    wide = np.zeros((array.shape[0], 3 * array.shape[1]))
    wide[:, ::3] = array
    return wide[:, ::3]


def read_only(array: np.ndarray) -> np.ndarray:
    frozen = array.copy()
    frozen.flags.writeable = False
    return frozen


def test_the_snippet_rebuilds_each_layout_and_prints_the_value_the_suite_got(target: Target) -> None:
    adapter = Adapter(target)
    adapter.new_example()
    layer = target.make("relu")
    for argument in (np.asfortranarray(X), strided(X), read_only(X)):
        target.call(layer, "relu", "forward", argument)
    dinput = adapter.activation("relu", read_only(X), G)[1]
    with recording() as record, pytest.raises(AssertionError, match="dinput="):
        check_close("dinput", dinput, np.where(X > 0, G, 0.0), atol=0.0, where="here", why="exact")
    code, compared = snippet_of(target, record)
    assert "np.asfortranarray(" in code and "[..., ::3]" in code
    assert ".flags.writeable = False" in code
    assert compared.index == (1, 2) and compared.got_repr == repr(np.float64(0.6))
    assert f"# the suite got {compared.got_repr} ; it should be {np.float64(0.0)!r}" in code
    namespace: dict[str, object] = {}
    exec(code, namespace)  # the suite's own code, to look at the object it built
    assert namespace["obj0"].layouts == layer.layouts  # type: ignore[attr-defined]
    assert printed(code)[-1] == compared.got_repr


def test_a_comparison_of_two_calls_prints_both_sides(target: Target) -> None:
    adapter = Adapter(target)
    adapter.new_example()
    _, reference = adapter.activation("relu", X, G)
    _, fortran = adapter.activation("relu", np.asfortranarray(X), G + 1.0)
    with recording() as record, pytest.raises(AssertionError):
        check_close("dinput", fortran, reference, atol=0.0, where="Fortran", why="same in any layout")
    code, compared = snippet_of(target, record)
    assert "other = obj0.dinputs" in code and "got = obj1.dinputs" in code
    lines = printed(code)
    assert lines[-2:] == [repr(reference[compared.index]), compared.got_repr]


def test_a_numeric_check_prints_the_directional_derivative_the_backward_gives(target: Target) -> None:
    adapter = Adapter(target)
    adapter.new_example()
    _, dinput = adapter.activation("relu", X, G)
    forward = lambda x: np.maximum(0.0, x)  # noqa: E731 - the true ReLU
    with recording() as record, pytest.raises(AssertionError, match="⟨backward, v⟩"):
        numeric_vjp_matches(forward, X, G, dinput, reference=None, where="numeric", data=FixedDraws(7))
    code, compared = snippet_of(target, record)
    assert compared.direction is not None and "v = np.array(" in code
    assert printed(code)[-1] == compared.got_repr


def test_a_new_example_forgets_the_last_failed_comparison(target: Target) -> None:
    adapter = Adapter(target)
    with recording() as record:
        with pytest.raises(AssertionError):
            check_close("dinput", adapter.activation("relu", X, G)[1], G * 0, atol=0.0, where="",
                        why="")
        assert record.compared is not None
        adapter.new_example()
        assert record.compared is None


def test_a_value_no_call_gave_is_named_but_never_claimed_as_printed(target: Target) -> None:
    adapter = Adapter(target)
    adapter.new_example()
    dinput = adapter.activation("relu", X, G)[1]
    with recording() as record, pytest.raises(AssertionError):
        check_close("2·dinput", 2 * dinput, np.where(X > 0, 2 * G, 0.0), atol=0.0, where="", why="")
    code, compared = snippet_of(target, record)
    assert "print(repr(" not in code and "(no call returned it)" in code
    assert not snippet.prints_compared(compared, target.produced)
    assert printed(code)[-1] == str(dinput).splitlines()[-1]  # what each call read back, printed


DROPOUT = '''
import numpy as np


class Layer_Dropout:
    def __init__(self, rate):
        self.rate = 1 - rate

    def forward(self, inputs, training):
        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate
        self.output = inputs * self.binary_mask

    def backward(self, dvalues):  # a fresh mask: the forward's is forgotten
        self.dinputs = dvalues * np.random.binomial(1, self.rate, size=dvalues.shape) / self.rate
'''


def test_a_random_mask_drawn_with_np_random_is_the_suite_s_in_the_replay(tmp_path: Path) -> None:
    """Each example starts from NumPy's global generator seeded with EXAMPLE_SEED, and a snippet
    with a Dropout seeds it the same, so the book's np.random.binomial draws the suite's masks."""
    path = tmp_path / "dropout.py"
    path.write_text(DROPOUT, encoding="utf-8")
    target = open_target(str(path))
    adapter = Adapter(target)
    x, g = np.arange(1.0, 41.0).reshape(5, 8), np.full((5, 8), 3.0)
    adapter.new_example()
    np.random.random()  # noqa: NPY002 - whatever ran before, the next example starts seeded
    adapter.new_example()
    result = adapter.dropout(x, g, rate=0.5)
    assert result.mask is not None
    with recording() as record, pytest.raises(AssertionError, match="dinput="):
        check_close("dinput", result.dinput, g * result.mask, atol=0.0, where="", why="same mask")
    code, compared = snippet_of(target, record)
    assert f"np.random.seed({snippet.EXAMPLE_SEED})" in code
    assert printed(code)[-1] == compared.got_repr


@pytest.mark.parametrize("array, repeated", [
    (np.ones((200, 500)), True), (np.full((2, 3), -0.0, np.float32), True),
    (np.array([[7, 7]], np.uint8), True), (np.array([[0.0, -0.0]]), False), (np.array([[7]]), False),
    (np.array([[1.0, 2.0]]), False)])
def test_an_array_literal_rebuilds_the_array_bit_for_bit(array: np.ndarray, repeated: bool) -> None:
    """One value repeated becomes np.full (a Dropout's 10⁵ ones stay one line); 0.0 beside −0.0
    is not one value, so it is written out."""
    literal = snippet._literal(array)
    rebuilt = eval(literal, {"np": np})
    assert rebuilt.dtype == array.dtype and rebuilt.shape == array.shape
    assert rebuilt.tobytes() == array.tobytes()
    assert literal.startswith("np.full(") == repeated
    assert len(literal) < 100 or array.size < 1000
