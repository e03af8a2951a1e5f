"""impl/ against the notes' literal code (spec/notes_code.py) and, where installed, PyTorch on the
CPU: forward + backward per operation at batch 4096, 256 features, 64 classes, float64.

Run (numpy on one BLAS thread, to match torch.set_num_threads(1)):
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
        python -m pytest tests/benchmarks/bench_impl.py --benchmark-only -p no:cacheprovider

Every benchmark checks what it timed against a reference (the notes' code; for the fused op, which
the notes lack, impl's unfused softmax then CCE) to 1e-12 of the reference's largest magnitude, so
a fast wrong computation cannot pass. Budgets (read off the table, not asserted: timing asserts
would be flaky on a shared machine): impl's softmax backward ≥ 20× faster than the notes' loop;
impl within 1.2× of torch per operation.

torch rows: the activations use the kernels autograd itself dispatches to (torch.relu +
threshold_backward, torch.softmax + _softmax_backward_data, torch.sigmoid + sigmoid_backward), so
no graph bookkeeping is timed; Dense and the losses have no single backward kernel, so they run
autograd on the natural expression with .backward(gradient).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial

import numpy as np
import pytest

from backprop_spec import impl
from backprop_spec.spec import notes_code

N, FEATURES, CLASSES = 4096, 256, 64
RNG = np.random.default_rng(20240)
X = RNG.standard_normal((N, FEATURES))
LOGITS = RNG.standard_normal((N, CLASSES))
DVALUE = RNG.standard_normal((N, CLASSES))
WEIGHT = 0.01 * RNG.standard_normal((FEATURES, CLASSES))
BIAS = 0.01 * RNG.standard_normal((1, CLASSES))
SPARSE = RNG.integers(0, CLASSES, N)
ONE_HOT = np.eye(CLASSES)[SPARSE]
PROBS = np.exp(LOGITS) / np.exp(LOGITS).sum(axis=1, keepdims=True)  # min ≈ 1e-5: no clipping
SIGMOID = 1 / (1 + np.exp(-LOGITS))
BINARY = (RNG.random((N, CLASSES)) < 0.5).astype(np.float64)

Runner = Callable[[], tuple]


# ---- impl/ -------------------------------------------------------------------------------------


def impl_dense() -> Runner:
    layer = impl.Layer_Dense(FEATURES, CLASSES)
    layer.weight, layer.bias = WEIGHT, BIAS

    def run() -> tuple:
        out = layer.forward(X)
        layer.backward(DVALUE)
        return out, layer.dweight, layer.dbias, layer.dinput

    return run


def impl_activation(cls: type) -> Runner:
    layer = cls()
    return lambda: (layer.forward(LOGITS), layer.backward(DVALUE))


def impl_loss(cls: type, y_pred: np.ndarray, labels: np.ndarray) -> Runner:
    loss = cls()
    return lambda: (loss.forward(y_pred, labels), loss.backward(y_pred, labels))


def impl_fused(labels: np.ndarray) -> Runner:
    fused = impl.Activation_Softmax_Loss_CategoricalCrossentropy()

    def run() -> tuple:
        loss = fused.forward(LOGITS, labels)
        return np.array(loss), fused.backward(fused.output, labels)

    return run


# ---- the notes' literal code -------------------------------------------------------------------


def notes_dense() -> Runner:
    layer = notes_code.Layer_Dense(FEATURES, CLASSES)
    layer.weight, layer.bias = WEIGHT, BIAS

    def run() -> tuple:
        layer.forward(X)
        layer.backward(DVALUE)
        return layer.output, layer.dweight, layer.dbias, layer.dinput

    return run


def notes_activation(cls: type) -> Runner:
    layer = cls()

    def run() -> tuple:
        layer.forward(LOGITS)
        layer.backward(DVALUE)
        return layer.output, layer.dinput

    return run


def notes_loss(cls: type, y_pred: np.ndarray, labels: np.ndarray) -> Runner:
    loss = cls()

    def run() -> tuple:
        losses = loss.forward(y_pred, labels)
        loss.backward(y_pred, labels)
        return losses, loss.dinput

    return run


def fused_reference(labels: np.ndarray) -> Runner:
    """The fused op is not in the notes: its reference is impl's softmax, then CCE, unfused."""
    softmax, cce = impl.Activation_Softmax(), impl.Loss_CategoricalCrossentropy()

    def run() -> tuple:
        s = softmax.forward(LOGITS)
        loss = np.mean(cce.forward(s, labels))
        return np.array(loss), softmax.backward(cce.backward(s, labels))

    return run


# ---- torch -------------------------------------------------------------------------------------


def torch_ops(name: str) -> Runner:
    """torch's forward + backward for operation `name`, on one thread; results as numpy."""
    torch = pytest.importorskip("torch")
    if "1" not in (os.environ.get("OPENBLAS_NUM_THREADS"), os.environ.get("OMP_NUM_THREADS")):
        pytest.skip("torch rows need numpy on one BLAS thread too: set OPENBLAS_NUM_THREADS=1")
    torch.set_num_threads(1)
    f = torch.nn.functional
    aten = torch.ops.aten
    arrays = [X, LOGITS, DVALUE, WEIGHT, BIAS, PROBS, SIGMOID, BINARY, ONE_HOT, SPARSE]
    t = {k: torch.from_numpy(v) for k, v in zip("x z g w b p q y onehot sparse".split(), arrays)}

    def leaf(key: str):  # a fresh leaf per call, so no .grad accumulates between rounds
        return t[key].detach().requires_grad_()

    def dense() -> tuple:
        x, w, b = leaf("x"), leaf("w"), leaf("b")
        out = torch.addmm(b, x, w)
        out.backward(t["g"])
        return out.detach(), w.grad, b.grad, x.grad

    def relu() -> tuple:
        out = torch.relu(t["z"])
        return out, aten.threshold_backward(t["g"], out, 0)

    def softmax() -> tuple:
        out = torch.softmax(t["z"], 1)
        return out, torch._softmax_backward_data(t["g"], out, 1, out.dtype)

    def sigmoid() -> tuple:
        out = torch.sigmoid(t["z"])
        return out, aten.sigmoid_backward(t["g"], out)

    def cce(labels: str) -> Callable[[], tuple]:
        def run() -> tuple:
            p = leaf("p")
            if labels == "sparse":
                picked = p.gather(1, t["sparse"][:, None])[:, 0]
                losses = -picked.clamp(1e-7, 1 - 1e-7).log()
            else:
                losses = -(t["onehot"] * p.clamp(1e-7, 1 - 1e-7).log()).sum(1)
            losses.mean().backward()
            return losses.detach(), p.grad

        return run

    def bce() -> tuple:
        q = leaf("q")
        losses = f.binary_cross_entropy(q, t["y"], reduction="none").mean(1)
        losses.mean().backward()
        return losses.detach(), q.grad

    def fused(labels: str) -> Callable[[], tuple]:
        def run() -> tuple:
            z = leaf("z")
            loss = f.cross_entropy(z, t[labels])
            loss.backward()
            return loss.detach(), z.grad

        return run

    runners = {
        "dense": dense,
        "relu": relu,
        "softmax": softmax,
        "sigmoid": sigmoid,
        "cce-sparse": cce("sparse"),
        "cce-one-hot": cce("onehot"),
        "bce": bce,
        "fused-sparse": fused("sparse"),
        "fused-one-hot": fused("onehot"),
    }
    return lambda: tuple(r.numpy() for r in runners[name]())


# ---- the table ---------------------------------------------------------------------------------

# operation → (reference, impl); the notes' code is the reference where the notes have the op
OPERATIONS: dict[str, tuple[Callable[[], Runner], Callable[[], Runner]]] = {
    "dense": (notes_dense, impl_dense),
    **{
        name: (
            partial(notes_activation, getattr(notes_code, cls)),
            partial(impl_activation, getattr(impl, cls)),
        )
        for name, cls in [
            ("relu", "Activation_ReLU"),
            ("softmax", "Activation_Softmax"),
            ("sigmoid", "Activation_Sigmoid"),
        ]
    },
    **{
        name: (
            partial(notes_loss, getattr(notes_code, cls), y_pred, labels),
            partial(impl_loss, getattr(impl, cls), y_pred, labels),
        )
        for name, cls, y_pred, labels in [
            ("cce-sparse", "Loss_CategoricalCrossentropy", PROBS, SPARSE),
            ("cce-one-hot", "Loss_CategoricalCrossentropy", PROBS, ONE_HOT),
            ("bce", "Loss_BinaryCrossentropy", SIGMOID, BINARY),
        ]
    },
    "fused-sparse": (partial(fused_reference, SPARSE), partial(impl_fused, SPARSE)),
    "fused-one-hot": (partial(fused_reference, ONE_HOT), partial(impl_fused, ONE_HOT)),
}
HAS_NOTES_CODE = [op for op in OPERATIONS if not op.startswith("fused")]


def per_op(ops: list[str]) -> list:
    return [pytest.param(op, id=op, marks=pytest.mark.benchmark(group=op)) for op in ops]


def check(results: tuple, expected: tuple) -> None:
    """Equal to 1e-12 of the largest magnitude of each expected array."""
    assert len(results) == len(expected)
    for got, want in zip(results, expected):
        want = np.asarray(want)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12 * np.abs(want).max())


def reference(op: str) -> tuple:
    return OPERATIONS[op][0]()()


@pytest.mark.benchmark_only
@pytest.mark.parametrize("op", per_op(list(OPERATIONS)))
def test_impl(benchmark, op):
    check(benchmark(OPERATIONS[op][1]()), reference(op))


@pytest.mark.benchmark_only
@pytest.mark.parametrize("op", per_op(HAS_NOTES_CODE))
def test_notes_literal(benchmark, op):
    check(benchmark(OPERATIONS[op][0]()), OPERATIONS[op][1]()())  # cross-checked against impl


@pytest.mark.benchmark_only
@pytest.mark.parametrize("op", per_op(list(OPERATIONS)))
def test_torch(benchmark, op):
    run = torch_ops(op)
    check(benchmark(run), reference(op))


# ---- budget 1: the softmax backward alone ------------------------------------------------------


@pytest.mark.benchmark_only
@pytest.mark.benchmark(group="softmax-backward")
@pytest.mark.parametrize("variant", ["impl vectorised", "impl per-sample", "notes literal loop"])
def test_softmax_backward(benchmark, variant):
    ours, notes = impl.Activation_Softmax(), notes_code.Activation_Softmax()
    ours.forward(LOGITS)
    notes.forward(LOGITS)

    def notes_loop() -> np.ndarray:
        notes.backward(DVALUE)
        return notes.dinput

    run = {
        "impl vectorised": lambda: ours.backward(DVALUE),
        "impl per-sample": lambda: impl.softmax_backward_per_sample(ours.output, DVALUE),
        "notes literal loop": notes_loop,
    }[variant]
    check((benchmark(run),), (notes_loop(),))
