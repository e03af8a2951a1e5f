"""Cases that once failed, kept as fixed examples. The properties draw through `st.data()`,
which `@example` cannot supply, so `FixedDraws` hands a property its recorded draws in order and the
property runs unchanged. Each case names the tolerance gap (or bug) it once exposed."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_spec.properties.catalogue import dense, elementwise, fused, losses, network, softmax
from backprop_spec.properties.inputs.fixed_draws import run_with_draws
from backprop_spec.properties.inputs.strategies import Labels

F32, F64 = np.dtype(np.float32), np.dtype(np.float64)
ONE = np.ones((1, 1))

CASES = [
    ("float32 softmax output in the subnormal range: absolute underflow term",
     softmax.matches_symbolic, (F32, 1, 2, np.array([[96.0, 0.0]], F32), np.zeros((1, 2), F32))),
    ("logits near float64 max: the growth factor overflowed to inf times 0",
     softmax.stable_at_extreme_logits, (F64, 1, 2, np.array([[8.98846567431158e307, 0.0]]),
                                        np.zeros((1, 2)))),
    ("a*g1 + g2 rounds once in float32 before the layer sees it",
     dense.backward_linear_and_permutation_equivariant,
     (F32, 1, 1, 1, np.zeros((1, 1), F32), np.zeros((1, 1), F32), np.zeros((1, 1), F32),
      np.ones((1, 1), F32), np.array([[-1.3276659]], F32), 4.0, [0])),
    ("one class: the fused loss is 0 by log-softmax or -log(1 - 1e-7) clipped; both conventions",
     fused.matches_symbolic, (F64, 1, 1, np.zeros((1, 1)),
                              Labels(np.array([0], np.uint8), ONE, "sparse (n,) uint8"))),
    ("a float32 target may round tiny soft labels to float32 (here to 0)",
     losses.cce_matches_symbolic,
     (F32, 1, 2, np.full((1, 2), 0.5, F32),
      Labels(np.array([[7.46e-301, 7.46e-301]]), np.array([[7.46e-301, 7.46e-301]]), "soft"))),
    ("float32 labels of 1.4e-45: y*log(y_pred) underflows to a subnormal spacing",
     losses.cce_matches_symbolic,
     (F32, 1, 2, np.full((1, 2), 0.5, F32),
      Labels(np.full((1, 2), 1.401298464324817e-45), np.full((1, 2), 1.401298464324817e-45),
             "soft, free rows"))),
    ("end to end: -log S at S near 1 rounds by u absolute",
     network.dense_relu_dense_softmax_cce,
     (1, 6, 1, 1, np.full((1, 6), 2.0), np.ones((6, 1)), ONE, np.array([[1.0, 0.5]]),
      np.ones((1, 2)), [0], np.dtype(np.uint8), 0)),
    ("ReLU's Richardson ladder (2^-8) straddled the kink from entries at +-1e-3: impl/ failed",
     elementwise.relu_matches_numeric,
     (2, 3, np.array([[1.0, 3.0, 1e-3], [1.0, -1e-3, 1.0]]),
      np.array([[1.0, 1.19e-7, 1.19e-7], [1.19e-7, 1.19e-7, 1.19e-7]]), 0)),
    ("Dense xW + b cancels (0.4478*(-1) + 0.4473): rounding at the scale of the terms, not of |xW + b|",
     dense.matches_numeric,
     (1, 2, 1, np.array([[0.4477728792087998, 0.0]]), np.array([[-1.0], [0.0]]),
      np.array([[0.447265625]]), np.ones((1, 1)), 0, 0, 0)),
    ("sigmoid at saturation stays in [0, 1] and finite",
     elementwise.sigmoid_symmetry_and_saturation,
     (F32, 1, 2, np.array([[-4.0, 4.0]], F32), np.ones((1, 2), F32))),
]


# ids in ASCII: pytest escapes other characters in a node id, which then cannot be passed back to
# select the test (mutmut's partial runs do)
@pytest.mark.parametrize("check, draws", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_case_that_once_failed(target, check, draws):
    run_with_draws(check, target, draws)


BOOK_STYLE_BCE = ("tests.selftest.targets.correct_book_style",
                  (1, 2, np.array([[0.001, 0.001]]),
                   Labels(np.zeros((1, 2), bool), np.zeros((1, 2)), "hard bool"), 0))


def test_book_style_bce_log_of_one_minus_p_is_not_a_false_failure():
    """BCE computed as log(1 − p) (the book's way) rounds by u absolute at p = 1e-3; the numeric
    check once rejected this correct rewrite for it (found by the mutation self-test)."""
    from backprop_spec.properties.target.adapter import Adapter
    from backprop_spec.properties.target.model import open_target
    spec, draws = BOOK_STYLE_BCE
    run_with_draws(losses.bce_matches_numeric, Adapter(open_target(spec)), draws)
