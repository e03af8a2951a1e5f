"""Layer objects reused across batches, as a training loop reuses each layer every batch (every
other property gets fresh objects from the adapter, so stale state never shows there).

Each property sends an epoch's rows through ONE object of the operation in three batches of n,
n and m rows (the last batch of an epoch has another size; a repeated size lets a cached buffer
alias) — Dense with new parameters before each batch, as after an optimizer step — and demands
that every result equal a fresh object's for the same batch, and that every array returned for
an earlier batch be unchanged after the later calls (a caller may keep it). Both results come
from the same code on the same inputs, each within the operation's own error bound of the truth
(the bound helpers of its property module), so they may differ by twice that bound; a kept array
must not change at all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

import numpy as np
from hypothesis import strategies as st

from backprop_spec.properties.catalogue import dense, elementwise, fused, losses, softmax
from backprop_spec.properties.catalogue.purity import snapshot
from backprop_spec.properties.catalogue.registry import context, prop
from backprop_spec.properties.inputs import classify
from backprop_spec.properties.inputs import strategies as S
from backprop_spec.properties.numerics.compare import check_close, check_equal, float64
from backprop_spec.properties.numerics.tolerances import BETWEEN_TWO
from backprop_spec.properties.target.adapter import Adapter, DenseResult
from backprop_spec.symbolic import references as ref

WHY = ("the same code on the same batch, reused or fresh: each within the operation's own error "
       "bound, so within twice of each other")
KEPT = "an array returned to the caller must not change when the object is called again"
Call = Callable[..., Sequence[Any]]


def _batches(data: st.DataObject) -> list[slice]:
    """Three consecutive batches of an epoch: n, n and then m rows (one batch of n while
    reused objects are switched off: no stale state to show)."""
    n = data.draw(S.batch_sizes(), label="batch size")
    if not classify.allowed("reused_objects"):
        return [slice(0, n)]
    last = data.draw(S.batch_sizes(), label="last batch size")
    ends = [0, n, 2 * n, 2 * n + last]
    return [slice(start, stop) for start, stop in pairwise(ends)]


def _where(call: str, batches: list[slice], **sizes: int | str) -> str:
    rows = "+".join(str(s.stop - s.start) for s in batches)
    return context(f"{call} reused across batches", rows=rows, **sizes)


def _labels(labels: S.Labels, rows: slice) -> S.Labels:
    return S.Labels(labels.given[rows], labels.dense[rows], labels.encoding)


def _epoch(names: tuple[str, ...], reused: Call, fresh: Call, batches: list[tuple[Any, ...]],
           atols: list[tuple[Any, ...]], where: str) -> None:
    """Each batch through the reused object and through a fresh one (on copies of the same
    arguments); their results agree, and what earlier batches returned stays as it was. A batch
    on which a fresh object fails as well is no stale state: the check ends there."""
    kept: list[tuple[Sequence[Any], list[Any]]] = []
    for i, (args, atol) in enumerate(zip(batches, atols), start=1):
        try:
            result = reused(*snapshot(*args))
        except Exception:
            try:
                fresh(*snapshot(*args))
            except Exception:
                return  # a fresh object fails on this batch too: no stale state (others report it)
            raise
        returned = snapshot(*result)
        expected = fresh(*snapshot(*args))
        at = f"{where}, batch {i}"
        for name, got, want, allowed in zip(names, returned, expected, atol):
            check_close(f"{name} of the reused object", got, float64(want),
                        atol=BETWEEN_TWO * np.asarray(allowed), where=at, why=WHY)
        kept.append((result, returned))
        for j, (now, then) in enumerate(kept[:-1], start=1):
            for name, array, copy in zip(names, now, then):
                if isinstance(copy, np.ndarray):
                    check_equal(f"{name} returned for batch {j}", array, copy,
                                where=f"{where}, after batch {i}", why=KEPT)


def _dense_results(result: DenseResult, b: int) -> tuple[np.ndarray, ...]:
    """(output, dinput, dweight, dbias as (1, b)); the reshape is a view, so aliasing shows."""
    return result.output, result.dinput, result.dweight, np.reshape(result.dbias, (1, b))


@prop(dense.OP, "invariants")
def dense_reused_across_batches(target: Adapter, data: st.DataObject) -> None:
    """One Layer_Dense through three batches with new weights each: forward and backward equal a
    fresh layer's (no input kept from the first batch, no gradient accumulated across calls)."""
    dtype = data.draw(S.float_dtypes(), label="dtype")
    a, b = data.draw(S.sides, label="n_inputs"), data.draw(S.sides, label="n_neurons")
    batches = _batches(data)
    rows = batches[-1].stop
    x = data.draw(S.moderate((rows, a), dtype), label="input")
    g = data.draw(S.moderate((rows, b), dtype), label="dvalue")
    w = data.draw(S.moderate((3, a, b), dtype, bound=1.0), label="weights")
    bias = data.draw(S.moderate((3, 1, b), dtype, bound=1.0), label="biases")
    layer = target.reused("dense")
    args = [(w[i], bias[i], x[s], g[s]) for i, s in enumerate(batches)]
    _epoch(("output", "dinput", "dweight", "dbias"),
           lambda *a_: _dense_results(layer.dense(*a_), b),
           lambda *a_: _dense_results(target.dense(*a_), b), args,
           [dense.bounds(x[s], w[i], bias[i], g[s]) for i, s in enumerate(batches)],
           _where(dense.OP, batches, n_inputs=a, n_neurons=b, dtype=str(dtype)))


def _activation(target: Adapter, data: st.DataObject, op: str, name: str,
                features: st.SearchStrategy[int],
                bounds: Callable[[np.ndarray, np.ndarray], tuple[Any, Any]]) -> None:
    dtype = data.draw(S.float_dtypes(), label="dtype")
    width = data.draw(features, label="features")
    batches = _batches(data)
    rows = batches[-1].stop
    x = data.draw(S.moderate((rows, width), dtype), label="input")
    g = data.draw(S.moderate((rows, width), dtype), label="dvalue")
    layer = target.reused(op)
    _epoch(("output", "dinput"), layer.activation, lambda *a: target.activation(op, *a),
           [(x[s], g[s]) for s in batches], [bounds(x[s], g[s]) for s in batches],
           _where(name, batches, features=width, dtype=str(dtype)))


@prop(elementwise.RELU, "invariants")
def relu_reused_across_batches(target: Adapter, data: st.DataObject) -> None:
    """One ReLU through three batches: the same exact selections as a fresh ReLU, and no dinput
    buffer shared between batches."""
    _activation(target, data, "relu", elementwise.RELU, S.sides, lambda x, g: (0.0, 0.0))


@prop(softmax.OP, "invariants")
def softmax_reused_across_batches(target: Adapter, data: st.DataObject) -> None:
    """One Softmax through three batches: the backward uses this batch's output, not a kept one."""
    _activation(target, data, "softmax", softmax.OP, S.class_counts(),
                lambda z, g: softmax._bounds(z, g, z.dtype))


@prop(elementwise.SIGMOID, "invariants")
def sigmoid_reused_across_batches(target: Adapter, data: st.DataObject) -> None:
    """One Sigmoid through three batches: the backward uses this batch's σ, not a kept one."""
    _activation(target, data, "sigmoid", elementwise.SIGMOID, S.sides, elementwise._sigmoid_bounds)


def _loss(target: Adapter, data: st.DataObject, kind: str, op: str,
          widths: st.SearchStrategy[int], labels: Callable[[int, int], st.SearchStrategy[S.Labels]],
          bounds: Callable[[np.ndarray, S.Labels], tuple[Any, Any]]) -> None:
    dtype = data.draw(S.float_dtypes(), label="dtype")
    width = data.draw(widths, label="c" if kind == "cce" else "k")
    batches = _batches(data)
    rows = batches[-1].stop
    y_pred = data.draw(S.probabilities((rows, width), dtype), label="y_pred")
    y = data.draw(labels(rows, width), label="y_true")
    loss = target.reused(kind)
    _epoch(("per-sample loss", "dinput"),
           lambda p, t: (loss.loss_forward(p, t), loss.loss_backward(p, t)),
           lambda p, t: (target.loss_forward(kind, p, t), target.loss_backward(kind, p, t)),
           [(y_pred[s], y.given[s]) for s in batches],
           [bounds(y_pred[s], _labels(y, s)) for s in batches],
           _where(op, batches, width=width, dtype=str(dtype), labels=y.encoding))


@prop(losses.CCE, "invariants")
def cce_reused_across_batches(target: Adapter, data: st.DataObject) -> None:
    """One CCE object, forward then backward per batch: no label encoding or one-hot matrix kept
    from an earlier batch."""
    _loss(target, data, "cce", losses.CCE, S.class_counts(), S.categorical_labels,
          losses.cce_bounds)


@prop(losses.BCE, "invariants")
def bce_reused_across_batches(target: Adapter, data: st.DataObject) -> None:
    """One BCE object, forward then backward per batch: no labels kept from an earlier batch."""
    _loss(target, data, "bce", losses.BCE, losses.outputs, S.binary_labels, losses.bce_bounds)


def _fused_bounds(z: np.ndarray, y: S.Labels) -> tuple[float, np.ndarray, np.ndarray]:
    """(mean loss, output, dinput) bounds: the mean loss is CCE at the clipped S, with CCE's own
    rounding plus S's relative error (softmax bound) carried by |y| through the log."""
    s_atol = softmax._bounds(z, np.zeros_like(z), z.dtype)[0]
    s = np.clip(ref.softmax_forward(float64(z)), S.CLIP, 1 - S.CLIP)
    per_sample = losses.cce_bounds(s.astype(z.dtype), y)[0] + (y.dense * s_atol / s).sum(axis=1)
    return float(per_sample.mean()), s_atol, fused._bound(z, y)


@prop(fused.OP, "invariants")
def fused_reused_across_batches(target: Adapter, data: st.DataObject) -> None:
    """One fused softmax + CCE object through three batches: loss, softmax output and gradient
    equal a fresh object's, and no gradient buffer is shared between batches."""
    dtype = data.draw(S.float_dtypes(), label="dtype")
    c = data.draw(S.class_counts(), label="c")
    batches = _batches(data)
    rows = batches[-1].stop
    z = data.draw(S.moderate((rows, c), dtype), label="logits")
    y = data.draw(fused.normalised_labels(rows, c), label="y_true")
    obj = target.reused("fused")
    _epoch(("mean loss", "output", "dinput"), obj.fused, target.fused,
           [(z[s], y.given[s]) for s in batches],
           [_fused_bounds(z[s], _labels(y, s)) for s in batches],
           _where(fused.OP, batches, c=c, dtype=str(dtype), labels=y.encoding))


PROPERTIES = [dense_reused_across_batches, relu_reused_across_batches,
              softmax_reused_across_batches, sigmoid_reused_across_batches,
              cce_reused_across_batches, bce_reused_across_batches, fused_reused_across_batches]
