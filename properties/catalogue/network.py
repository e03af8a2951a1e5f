"""End to end: Dense → ReLU → Dense → Softmax → CCE, and Dense → Sigmoid → BCE, chained through
the target's own backward passes; every parameter gradient must equal the numeric gradient of
the whole network's mean loss (central differences of the target's forwards, float64).

The kink rule in parameter space: along a direction v of all parameters θ, the hidden
pre-activations move linearly, H + t·D, so ReLU's kinks are |H|/|D| away; the logits then move by
at most A·|t| + B·t², and softmax's log S_k by at most twice that (sigmoid's log σ and log(1 − σ)
by once), which bounds how far the predictions are from the clip bounds' kinks. `reach` is the
smaller of the two distances; the margins below keep it large, so the check stays sharp."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from hypothesis import reject
from hypothesis import strategies as st

from backprop_spec.properties.catalogue import dense
from backprop_spec.properties.catalogue.registry import context, prop
from backprop_spec.properties.inputs import strategies as S
from backprop_spec.properties.numerics.vjp import numeric_vjp_matches
from backprop_spec.properties.target.adapter import Adapter
from backprop_spec.symbolic.kinks import CLIP_EPSILON_RANGE

OP = "network"
KINK_MARGIN = 1e-3  # hidden pre-activations this far from 0: no difference step crosses ReLU's kink
# predictions this far inside the clip bounds: the clipped loss is flat beyond them, while the
# backward's closed form is not (an edge case of its own, in spec/'s catalogue)
CLIP_MARGIN = 1e-6


def _loss_noise(loss: float, layers: list[tuple[np.ndarray, ...]]) -> float:
    """Absolute rounding of the mean loss: −log S near S = 1 costs ≈ u absolute per sample
    whatever the loss's size, and each of the ≤ 5 stages adds ≤ 16u relative of magnitudes
    ≤ |loss|; 64u·(1 + |loss|) bounds both. Plus each Dense layer's own rounding, which lives at
    the scale of its terms |x||W| + |b| (xW + b may cancel): dense.forward_noise of the layer's
    (x, W, b) weighted by a bound on |∂loss/∂output| per entry (the `layers` tuples' 4th array)."""
    return (64 * np.finfo(np.float64).eps / 2 * (1 + abs(loss))
            + sum(dense.forward_noise(*layer) for layer in layers))


def _classifier_layers(params: list[np.ndarray], x: np.ndarray) -> list[tuple[np.ndarray, ...]]:
    """(x, W, b, sensitivity) of both Dense layers: |∂L/∂logits| ≤ 2/n per row in all (Σ|S − y|
    ≤ 2, the mean over n), so ≤ 2/n per entry; |∂L/∂hidden_j| ≤ 2/n·max_c |W2_jc| (ReLU passes
    at most that)."""
    w1, b1, w2, b2 = params
    n = len(x)
    hidden = np.maximum(x @ w1 + b1, 0)
    first = np.broadcast_to(2 / n * np.abs(w2).max(axis=1), (n, w1.shape[1]))
    return [(x, w1, b1, first), (hidden, w2, b2, np.full((n, w2.shape[1]), 2 / n))]


def _inside_clip(predictions: np.ndarray) -> bool:
    return bool(predictions.min() > CLIP_MARGIN and predictions.max() < 1 - CLIP_MARGIN)


def _clip_reach(predictions: np.ndarray, slope: float, curvature: float, log_gain: float) -> float:
    """The largest |t| keeping every prediction (and 1 − prediction) above the largest clip ε,
    given that the inputs of the last activation move by at most slope·|t| + curvature·t² and
    log S (or log σ, log(1 − σ)) by at most log_gain times that."""
    room = float(np.log(min(predictions.min(), (1 - predictions).min()) / CLIP_EPSILON_RANGE[1]))
    budget = room / log_gain  # how far the activation's inputs may move
    if curvature == 0:
        return budget / slope if slope > 0 else np.inf
    return (-slope + np.sqrt(slope**2 + 4 * curvature * budget)) / (2 * curvature)


def _classifier_reach(params: list[np.ndarray], x: np.ndarray, s: np.ndarray):
    """`reach` of the classifier's mean loss at θ (module docstring)."""
    w1, b1, w2, _ = params
    hidden = x @ w1 + b1  # the same for every direction

    def reach(v: np.ndarray) -> float:
        v1, vb1, v2, vb2 = _unflat(v, params)
        drift = x @ v1 + vb1
        moving = drift != 0
        relu_reach = float(np.min(np.abs(hidden[moving]) / np.abs(drift[moving]), initial=np.inf))
        active = np.where(hidden > 0, drift, 0.0)
        slope = float(np.abs(active @ w2 + np.maximum(hidden, 0) @ v2 + vb2).max())
        curvature = float(np.abs(active @ v2).max())
        return min(relu_reach, _clip_reach(s, slope, curvature, log_gain=2.0))
    return reach


def _parameters(data: st.DataObject, sizes: list[int]) -> list[np.ndarray]:
    shapes = [s for a, b in pairwise(sizes) for s in ((a, b), (1, b))]
    return [data.draw(S.away_from_zero(shape, bound=1.0), label=f"parameter {shape}")
            for shape in shapes]


def _flat(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate([np.ravel(a) for a in arrays])


def _unflat(vector: np.ndarray, like: list[np.ndarray]) -> list[np.ndarray]:
    ends = np.cumsum([a.size for a in like])
    return [part.reshape(a.shape) for part, a in zip(np.split(vector, ends[:-1]), like)]


def _softmax_cce_loss(target: Adapter, params: list[np.ndarray], x: np.ndarray, y: np.ndarray):
    w1, b1, w2, b2 = params
    hidden = target.dense(w1, b1, x).output
    relu = target.activation("relu", hidden)[0]
    logits = target.dense(w2, b2, relu).output
    s = target.activation("softmax", logits)[0]
    return hidden, relu, logits, s, np.mean(target.loss_forward("cce", s, y))


def _softmax_cce_gradients(target: Adapter, params: list[np.ndarray], x: np.ndarray,
                           y: np.ndarray) -> list[np.ndarray]:
    w1, b1, w2, b2 = params
    hidden, relu, logits, s, _ = _softmax_cce_loss(target, params, x, y)
    g = target.loss_backward("cce", s, y)
    g = target.activation("softmax", logits, g)[1]
    second = target.dense(w2, b2, relu, g)
    g = target.activation("relu", hidden, second.dinput)[1]
    first = target.dense(w1, b1, x, g)
    return [first.dweight, first.dbias, second.dweight, second.dbias]


@prop(OP, "numeric")
def dense_relu_dense_softmax_cce(target: Adapter, data: st.DataObject) -> None:
    """Parameter gradients of the classifier equal the numeric gradient of its mean loss."""
    n = data.draw(S.batch_sizes(), label="n")
    a, h, c = (data.draw(S.sides, label=k) for k in ("features", "hidden", "classes"))
    x = data.draw(S.moderate((n, a), bound=2.0), label="input")
    params = _parameters(data, [a, h, max(c, 2)])
    y = data.draw(st.lists(st.integers(0, max(c, 2) - 1), min_size=n, max_size=n), label="y")
    labels = np.array(y, dtype=data.draw(S.index_dtypes(), label="label dtype"))
    hidden, _, _, s, loss = _softmax_cce_loss(target, params, x, labels)
    if not (np.abs(hidden).min() > KINK_MARGIN and _inside_clip(s)):
        reject()
    grads = _softmax_cce_gradients(target, params, x, labels)
    where = context("Dense→ReLU→Dense→Softmax→CCE", n=n, features=a, hidden=h, classes=max(c, 2))
    # all parameters as one vector: a wrong block shows in the Gaussian direction, and the
    # basis direction at the largest entry checks that entry alone
    numeric_vjp_matches(
        lambda theta: np.array([_softmax_cce_loss(target, _unflat(theta, params), x, labels)[-1]]),
        _flat(params), np.ones(1), _flat([np.reshape(g, p.shape) for g, p in zip(grads, params)]),
        reference=None, where=f"{where} (dweight 1, dbias 1, dweight 2, dbias 2 flattened)",
        data=data, forward_noise=_loss_noise(loss, _classifier_layers(params, x)),
        reach=_classifier_reach(params, x, s))


@prop(OP, "numeric")
def dense_sigmoid_bce(target: Adapter, data: st.DataObject) -> None:
    """Parameter gradients of Dense → Sigmoid → BCE equal the numeric gradient of its mean loss."""
    n = data.draw(S.batch_sizes(), label="n")
    a, k = (data.draw(S.sides, label=name) for name in ("features", "outputs"))
    x = data.draw(S.moderate((n, a), bound=2.0), label="input")
    w, b = _parameters(data, [a, k])
    y = data.draw(S.binary_labels(n, k), label="y_true")

    def mean_loss(w_: np.ndarray, b_: np.ndarray) -> np.ndarray:
        s = target.activation("sigmoid", target.dense(w_, b_, x).output)[0]
        return np.array([np.mean(target.loss_forward("bce", s, y.given))])
    z = target.dense(w, b, x).output
    s = target.activation("sigmoid", z)[0]
    if not _inside_clip(s):
        reject()
    g = target.activation("sigmoid", z, target.loss_backward("bce", s, y.given))[1]
    layer = target.dense(w, b, x, g)
    where = context("Dense→Sigmoid→BCE", n=n, features=a, outputs=k, labels=y.encoding)
    # |∂L/∂z| = |σ − y|/(kn) ≤ 1/(kn) per entry
    noise = _loss_noise(float(mean_loss(w, b)[0]), [(x, w, b, np.full(z.shape, 1 / z.size))])

    def reach(v: np.ndarray) -> float:
        vw, vb = _unflat(v, [w, b])
        slope = float(np.abs(x @ vw + vb).max())  # z moves linearly: no curvature
        return _clip_reach(s, slope, 0.0, log_gain=1.0)
    numeric_vjp_matches(lambda theta: mean_loss(*_unflat(theta, [w, b])), _flat([w, b]),
                        np.ones(1), _flat([layer.dweight, np.reshape(layer.dbias, b.shape)]),
                        reference=None, where=f"{where} (dweight, dbias flattened)", data=data,
                        forward_noise=noise, reach=reach)


PROPERTIES = [dense_relu_dense_softmax_cce, dense_sigmoid_bce]
