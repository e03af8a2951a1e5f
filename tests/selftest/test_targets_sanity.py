"""Example-based sanity checks of the conformance targets, independent of the property suite:
the correct rewrites give hand-computed gradients, and every mutant differs from its correct
base on an input that shows its bug (spec/notes_code.py has its own file, test_notes_code.py)."""

import importlib
import math
import pathlib

import numpy as np
import pytest

from tests.selftest.calls import (
    FUSED,
    LN2,
    act,
    dense,
    fused_backward,
    loss,
    ro,
)
from tests.selftest.mutant_probes import SHOWS
from tests.selftest.targets import catalogue

CLASSES = ("Layer_Dense", "Activation_ReLU", "Activation_Softmax", "Activation_Sigmoid",
           "Loss_CategoricalCrossentropy", "Loss_BinaryCrossentropy")
MUTANTS = {m.module.rsplit(".", 1)[1]: m for m in catalogue.MUTANTS}

# each correct rewrite's declared choices: ReLU's dinput/dvalue at exactly 0, the dbias shape
# ("1b" for (1, b), "b" for (b,)), and whether its sigmoid may overflow e^{−x} (a warning, σ = 0)
CONVENTIONS = {
    "correct_notes_style": (1.0, "1b", False),
    "correct_book_style": (0.0, "b", False),
    "correct_torch": (0.0, "b", False),
    "correct_textbook": (0.0, "1b", True),
    "correct_clip_exact": (1.0, "1b", False),
    "correct_float64_inside": (0.5, "1b", False),
    "correct_sigmoid_clipped": (1.0, "1b", False),
}


def _import(name):
    """The module, or a skip when it needs torch and torch is not installed (the self-test
    decides whether that is allowed: BACKPROP_REQUIRE_TORCH)."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name != "torch":
            raise
        pytest.skip(f"{name} needs torch, which is not installed")


def _short(name):
    return name.rsplit(".", 1)[1]


@pytest.fixture(params=[name for name, _ in catalogue.CORRECT], ids=_short)
def mod(request):
    """Each correct rewrite of the catalogue, imported."""
    return _import(request.param)


def _declared(mod):
    """(ReLU's dinput/dvalue at 0, dbias shape, sigmoid may overflow) declared for `mod`."""
    return CONVENTIONS[_short(mod.__name__)]


# --- every target -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n, _ in catalogue.CORRECT]
                         + [m.module for m in catalogue.MUTANTS] + ["backprop_spec.spec.notes_code"])
def test_target_imports_and_exposes_the_classes(name):
    module = _import(name)
    assert all(hasattr(module, cls) for cls in CLASSES)


def test_every_correct_rewrite_declares_its_conventions():
    assert {_short(name) for name, _ in catalogue.CORRECT} == set(CONVENTIONS)


def test_catalogue_lists_every_mutant_module_with_a_family():
    folder = pathlib.Path(catalogue.__file__).parent / "mutants"
    on_disk = {p.stem for p in folder.glob("*.py")} - {"__init__"}
    assert on_disk == set(MUTANTS)
    assert all(m.caught_by in catalogue.FAMILIES for m in catalogue.MUTANTS)
    assert set(SHOWS) == set(MUTANTS)


# --- correct rewrites: hand-computed values ---------------------------------------------------

class TestCorrect:
    @pytest.mark.parametrize("dvalue", [ro([[1.0, 0.0]]), ro([[1, 0]], np.int64)])
    def test_softmax_backward(self, mod, dvalue):
        # S = [1/3, 2/3]; J·[1, 0] = [s0 − s0², −s1·s0] = [2/9, −2/9]
        output, dinput = act(mod, "Softmax", ro([[0.0, LN2]]), dvalue)
        np.testing.assert_allclose(output, [[1 / 3, 2 / 3]])
        np.testing.assert_allclose(dinput, [[2 / 9, -2 / 9]])

    @pytest.mark.parametrize("y_true", [ro([[0, 1]], np.uint8), ro([[0, 1]], bool),
                                        ro([[0, 1]], np.int64), ro([[0, 1]]),
                                        ro([1], np.uint8), ro([[1]], np.int16)],
                             ids=["uint8", "bool", "int64", "float", "sparse", "sparse_n1"])
    def test_cce_every_label_encoding(self, mod, y_true):
        # L = −ln 0.5 = ln 2; dinput = −y/ŷ/n = [[0, −2]]
        losses, dinput = loss(mod, "CategoricalCrossentropy", ro([[0.5, 0.5]]), y_true)
        np.testing.assert_allclose(losses, [LN2])
        np.testing.assert_allclose(dinput, [[0.0, -2.0]])

    def test_cce_soft_labels_not_summing_to_one(self, mod):
        # L = −(0.5 + 0.25) ln 0.5 = 0.75 ln 2; dinput = −y/ŷ = [[−1, −0.5]]
        losses, dinput = loss(mod, "CategoricalCrossentropy", ro([[0.5, 0.5]]), ro([[0.5, 0.25]]))
        np.testing.assert_allclose(losses, [0.75 * LN2])
        np.testing.assert_allclose(dinput, [[-1.0, -0.5]])

    @pytest.mark.parametrize("y_true", [ro([1, 0]), ro([[1], [0]]), ro([1, 0], np.uint8),
                                        ro([[True], [False]], bool)])
    def test_bce_n_and_n1_labels(self, mod, y_true):
        # L = [−ln 0.8, −ln 0.6]; dinput = [−1/0.8, 1/0.6] / n(2)
        losses, dinput = loss(mod, "BinaryCrossentropy", ro([[0.8], [0.4]]), y_true)
        np.testing.assert_allclose(losses, [-math.log(0.8), -math.log(0.6)])
        np.testing.assert_allclose(dinput, [[-0.625], [1 / 1.2]])

    def test_bce_two_outputs_mean(self, mod):
        # dinput = −(y/ŷ − (1 − y)/(1 − ŷ)) / k(2) / n(1) = [[−1, 1]]
        _, dinput = loss(mod, "BinaryCrossentropy", ro([[0.5, 0.5]]), ro([[1, 0]], np.uint8))
        np.testing.assert_allclose(dinput, [[-1.0, 1.0]])

    def test_dense(self, mod):
        x, dvalue = ro([[1, 0, 0], [0, 1, 0]]), ro([[1, 0], [0, 1]])
        weight = ro([[1, 2], [3, 4], [5, 6]])
        output, dinput, dweight, dbias = dense(mod, weight, ro([[0.5, 0.5]]), x, dvalue)
        np.testing.assert_allclose(output, [[1.5, 2.5], [3.5, 4.5]])
        np.testing.assert_allclose(dweight, [[1, 0], [0, 1], [0, 0]])  # xᵀ·dvalue
        np.testing.assert_allclose(dinput, [[1, 3, 5], [2, 4, 6]])  # dvalue·Wᵀ
        assert dbias.shape == ((2,) if _declared(mod)[1] == "b" else (1, 2))
        np.testing.assert_allclose(dbias.reshape(-1), [1, 1])

    def test_relu_gradient_at_zero_follows_the_declared_convention(self, mod):
        _, dinput = act(mod, "ReLU", ro([[-1.0, 0.0, 2.0]]), ro([[5.0, 5.0, 5.0]]))
        at_zero = 5.0 * _declared(mod)[0]
        np.testing.assert_array_equal(dinput, [[0.0, at_zero, 5.0]])

    def test_extreme_logits_without_floating_point_warnings(self, mod):
        """Underflow is fine, and so is a textbook sigmoid's e^{1000} = inf where declared; σ and
        its gradient are judged at their scale, 1: a clipped input's ~1e-39 is no error."""
        sigmoid_over = "ignore" if _declared(mod)[2] else "raise"
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            softmax, _ = act(mod, "Softmax", ro([[1000.0, 1000.0]]), ro([[1.0, 0.0]]))
            with np.errstate(over=sigmoid_over):
                sigmoid, dsig = act(mod, "Sigmoid", ro([[-1000.0, 0.0, 1000.0]]), ro([[1, 1, 1]]))
        np.testing.assert_allclose(softmax, [[0.5, 0.5]])
        np.testing.assert_allclose(sigmoid, [[0.0, 0.5, 1.0]], atol=1e-15)
        np.testing.assert_allclose(dsig, [[0.0, 0.25, 0.0]], atol=1e-15)

    def test_float32_in_float32_out(self, mod):
        f = np.float32
        out = [*dense(mod, ro([[1, 2]], f), ro([[0, 0]], f), ro([[1]], f), ro([[1, 1]], f))]
        for name in ("ReLU", "Softmax", "Sigmoid"):
            out += act(mod, name, ro([[0.5, -0.5]], f), ro([[1, 2]], f))
        out += loss(mod, "CategoricalCrossentropy", ro([[0.5, 0.5]], f), ro([1], np.uint8))
        out += loss(mod, "CategoricalCrossentropy", ro([[0.5, 0.5]], f), ro([[0.3, 0.7]]))
        out += loss(mod, "BinaryCrossentropy", ro([[0.5]], f), ro([1], bool))
        assert all(a.dtype == np.float32 for a in out)


def test_fused_backward_hand_values(mod):
    """Every fused class: (S·Σy − y)/n; S = [1/3, 2/3] from logits [0, ln 2]."""
    if not hasattr(mod, FUSED):
        pytest.skip(f"{mod.__name__} has no fused class (optional)")
    layer = getattr(mod, FUSED)()
    assert math.isclose(layer.forward(ro([[0.0, LN2]]), ro([1], np.uint8)), math.log(1.5))
    np.testing.assert_allclose(layer.output, [[1 / 3, 2 / 3]])
    s = ro([[1 / 3, 2 / 3]])
    np.testing.assert_allclose(fused_backward(mod, s, ro([1], np.uint8)), [[1 / 3, -1 / 3]])
    np.testing.assert_allclose(fused_backward(mod, s, ro([[0, 1]], bool)), [[1 / 3, -1 / 3]])
    np.testing.assert_allclose(fused_backward(mod, s, ro([[0.5, 1.0]])), [[0, 0]], atol=1e-15)


# --- mutants: each differs from its correct base on an input that shows its bug ---------------

def _outcome(probe, mod):
    """The probe's arrays (as a tuple), or the exception type it raised."""
    try:
        result = probe(mod)
    except Exception as err:  # a mutant may crash where its base does not
        return type(err)
    return tuple(np.asarray(a) for a in (result if isinstance(result, tuple) else (result,)))


def _same(a, b):
    if isinstance(a, type) or isinstance(b, type):
        return a == b
    return all(x.shape == y.shape and x.dtype == y.dtype
               and np.allclose(x, y, rtol=1e-9, atol=0, equal_nan=True) for x, y in zip(a, b))


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_mutant_differs_from_its_base(name):
    mutant = importlib.import_module(MUTANTS[name].module)
    expected = _outcome(SHOWS[name], mutant.base)
    assert not isinstance(expected, type), f"the correct base raised {expected}"
    assert not _same(_outcome(SHOWS[name], mutant), expected)
