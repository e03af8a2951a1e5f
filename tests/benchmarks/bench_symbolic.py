"""How the symbolic work grows with the number of classes c and the batch size n.

Run: python -m pytest tests/benchmarks/bench_symbolic.py -p no:cacheprovider

Derivations bypass the per-size cache (the cached function's __wrapped__) and SymPy's own
expression cache is cleared before every round, so each round pays the full derivation.
Expect: the softmax Jacobian (c² entries) and the combined softmax+CCE row grow super-linearly
in c; a whole-batch loss proof grows with n·c entries, each differentiating an n·c-term sum;
evaluating a cached reference grows only linearly in n (vectorised).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from sympy.core.cache import clear_cache

from backprop_spec.spec import operations as ops
from backprop_spec.symbolic import algebra, derive, proof_kit
from backprop_spec.symbolic import references as ref

pytestmark = pytest.mark.benchmark_only
ROUNDS = 3


def cold(benchmark, function, *args):
    """Time function(*args) with SymPy's cache cleared before each round."""
    return benchmark.pedantic(function, args, setup=clear_cache, rounds=ROUNDS, iterations=1)


@pytest.mark.parametrize("classes", [2, 4, 8, 16])
def test_derive_softmax_jacobian(benchmark, classes: int) -> None:
    """Derive the c×c Jacobian of one softmax row."""
    derived = cold(benchmark, derive.softmax.__wrapped__, classes)
    assert derived.jacobian.shape == (classes, classes)


@pytest.mark.parametrize("classes", [2, 4, 8, 16])
def test_derive_softmax_cce_row(benchmark, classes: int) -> None:
    """Derive ∂(loss/n)/∂z for one row of the combined softmax + CCE."""
    derived = cold(benchmark, derive.softmax_cce.__wrapped__, classes)
    assert len(derived.gradient) == classes


@pytest.mark.parametrize("classes", [2, 4, 8])
def test_prove_softmax_jacobian_at_one_size(benchmark, classes: int) -> None:
    """Derive and check every Jacobian entry with cancel, at one c."""
    def prove() -> bool:
        derived = derive.softmax.__wrapped__(classes)
        return all(algebra.is_zero(derived.jacobian[j, k] - ops.softmax_jacobian_closed_form(
            derived.forward, j, k)) for j in range(classes) for k in range(classes))
    assert cold(benchmark, prove)


@pytest.mark.parametrize("rows", [1, 2, 4, 8])
def test_prove_cce_on_a_whole_batch(benchmark, rows: int) -> None:
    """Differentiate the mean CCE of an n×4 batch entry by entry and check each entry."""
    def prove() -> bool:
        inputs, labels, loss = proof_kit.batch_symbols(rows, 4, ops.cce_sample_loss,
                                                    {"positive": True})
        return all(algebra.is_zero(sp.diff(loss, inputs[i][k])
                                   - ops.cce_closed_form(inputs[i][k], labels[i][k], rows))
                   for i in range(rows) for k in range(4))
    assert cold(benchmark, prove)


@pytest.mark.parametrize("rows", [10, 1_000, 100_000])
def test_evaluate_softmax_cce_reference(benchmark, rows: int) -> None:
    """Evaluate the cached, lambdified combined gradient on n rows of 8 classes."""
    rng = np.random.default_rng(0)
    z, y = rng.normal(size=(rows, 8)), np.eye(8)[rng.integers(0, 8, rows)]
    ref.softmax_cce_grad(z, y)  # derive once, outside the timing
    grad = benchmark(ref.softmax_cce_grad, z, y)
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-15)
