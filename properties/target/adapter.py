"""One functional interface over any target (properties/target/model.py binds the learner's classes,
whatever their names): `adapter.activation("softmax", x, g)` → (output, dinput). Each call builds
fresh objects, so no state leaks from one Hypothesis example to the next; `reused(op)` keeps one
object across calls, as a training loop keeps its layers, for the stale-state properties
(properties/catalogue/reuse.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from backprop_spec.properties.inputs import classify as classes
from backprop_spec.properties.outcomes import NotApplicable
from backprop_spec.properties.target.model import Target, positional_parameters

ACTIVATIONS = ("relu", "softmax", "sigmoid", "linear")
REGRESSION = ("mse", "mae")
LOSSES = ("cce", "bce", *REGRESSION)


@dataclass(frozen=True)
class DenseResult:
    output: np.ndarray
    dinput: np.ndarray
    dweight: np.ndarray
    dbias: np.ndarray


@dataclass(frozen=True)
class DropoutResult:
    output: np.ndarray
    dinput: np.ndarray | None  # None without a dvalue
    mask: np.ndarray | None  # the layer's mask attribute right after forward (a copy); None if absent


class Adapter:
    """Functional view of a target: each method builds the role's object, calls it, reads back."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.label = target.label

    def new_example(self) -> None:
        self.target.new_example()
        classes.new_example()

    def dense(self, weight: np.ndarray, bias: np.ndarray, x: np.ndarray,
              dvalue: np.ndarray | None = None,
              regularizers: dict[str, float] | None = None) -> DenseResult:
        """Forward (and backward if `dvalue` is given) of the Dense with these parameters, built
        with these regularisation strengths ({"weight_l1": λ, …}; the constructor's 0 otherwise)."""
        return self._dense_on(self._regularised(weight, bias, regularizers), weight, bias, x, dvalue)

    def _regularised(self, weight: np.ndarray, bias: np.ndarray,
                     regularizers: dict[str, float] | None) -> Any:
        """A new Dense of weight's shape with the strengths given (their input classes met)."""
        if regularizers:
            classes.regularizers(regularizers, weight, bias)
        return self.target.make("dense", *weight.shape, **(regularizers or {}))

    def regularization_loss_role(self) -> str | None:
        """The first loss role whose class has a regularization_loss method (the book's Loss base)."""
        return next((r for r in LOSSES if r in self.target.bindings
                     and callable(getattr(self.target.bindings[r].cls, "regularization_loss", None))), None)

    def regularization_loss(self, weight: np.ndarray, bias: np.ndarray,
                            regularizers: dict[str, float]) -> float:
        """The penalty a loss class's regularization_loss gives a Dense with these parameters and
        strengths: the book's `loss.regularization_loss(layer)`, or its later form over
        `trainable_layers` (remember_trainable_layers([layer]), then regularization_loss())."""
        t, role = self.target, self.regularization_loss_role()
        if role is None:
            raise NotApplicable(f"{self.label} has no loss class with a regularization_loss method")
        layer = self._regularised(weight, bias, regularizers)
        t.set(layer, "dense", "weight", classes.given_to_the_target(weight))
        t.set(layer, "dense", "bias", classes.given_to_the_target(bias))
        loss = t.make(role)
        method = getattr(loss, "regularization_loss")  # noqa: B009  (the learner's own method)
        if positional_parameters(method):
            value = t.call(loss, role, "regularization_loss", layer)
        elif callable(getattr(loss, "remember_trainable_layers", None)):
            t.call(loss, role, "remember_trainable_layers", [layer])
            value = t.call(loss, role, "regularization_loss")
        else:
            loss.trainable_layers = [layer]
            value = t.call(loss, role, "regularization_loss")
        return float(np.asarray(value, dtype=np.float64).sum())

    def dropout(self, x: np.ndarray, dvalue: np.ndarray | None = None, *, rate: float,
                training: bool = True) -> DropoutResult:
        """Forward (and backward if `dvalue` is given) of a new Dropout of this drop `rate`, in
        training or (training=False) inference, with the mask it kept after the forward."""
        t, give = self.target, classes.given_to_the_target
        if not training and t.binding("dropout").flag is None:
            raise NotApplicable(f"{t.binding('dropout').name}'s forward has no training flag")
        layer = t.make("dropout", rate=rate)
        classes.batch_arguments(x, dvalue)
        classes.dropout_mode(training)
        if dvalue is not None:
            classes.dvalue(dvalue)
        t.call(layer, "dropout", "forward", give(x), training=training)
        output = self._read(layer, "dropout", "output")
        try:
            mask: np.ndarray | None = np.array(t.get(layer, "dropout", "mask"), copy=True)
        except AttributeError:
            mask = None
        if dvalue is None:
            return DropoutResult(output, None, mask)
        t.call(layer, "dropout", "backward", give(dvalue))
        return DropoutResult(output, self._read(layer, "dropout", "dinput"), mask)

    def _dense_on(self, layer: Any, weight: np.ndarray, bias: np.ndarray, x: np.ndarray,
                  dvalue: np.ndarray | None) -> DenseResult:
        t, give = self.target, classes.given_to_the_target
        classes.batch_arguments(x, weight, bias, dvalue)
        if dvalue is not None:
            classes.dvalue(dvalue)
        t.set(layer, "dense", "weight", give(weight))
        t.set(layer, "dense", "bias", give(bias))
        t.call(layer, "dense", "forward", give(x))
        output = self._read(layer, "dense", "output")
        if dvalue is None:
            return DenseResult(output, *(np.empty(0),) * 3)
        t.call(layer, "dense", "backward", give(dvalue))
        return DenseResult(output, *(self._read(layer, "dense", key)
                                     for key in ("dinput", "dweight", "dbias")))

    def _read(self, obj: Any, role: str, key: str) -> Any:
        """The attribute a call set, as the suite keeps it (a copy while in-place writes are off,
        logged as what that read produced, so a replay still finds it)."""
        value = self.target.get(obj, role, key)
        copy = classes.kept(value)
        if copy is not value:
            self.target.produced.append((len(self.target.log) - 1, None, copy))
        return copy

    def activation(self, op: str, x: np.ndarray,
                   dvalue: np.ndarray | None = None) -> tuple[np.ndarray, Any]:
        """(output, dinput) of ReLU, Softmax, Sigmoid or Linear; dinput is None without `dvalue`."""
        return self._activation_on(op, self.target.make(op), x, dvalue)

    def _activation_on(self, op: str, layer: Any, x: np.ndarray,
                       dvalue: np.ndarray | None) -> tuple[np.ndarray, Any]:
        t, give = self.target, classes.given_to_the_target
        classes.batch_arguments(x, dvalue, classes_axis=op == "softmax",
                                extreme=op in ("softmax", "sigmoid"), kink=op == "relu")
        if dvalue is not None:
            classes.dvalue(dvalue)
        t.call(layer, op, "forward", give(x))
        output = self._read(layer, op, "output")
        if dvalue is None:
            return output, None
        t.call(layer, op, "backward", give(dvalue))
        return output, self._read(layer, op, "dinput")

    def loss_forward(self, op: str, y_pred: np.ndarray, y_true: Any) -> np.ndarray:
        """Per-sample losses (n,) of CCE, BCE, MSE or MAE."""
        return self._loss_forward_on(op, self.target.make(op), y_pred, y_true)

    def _loss_forward_on(self, op: str, loss: Any, y_pred: np.ndarray, y_true: Any) -> np.ndarray:
        give = self._loss_arguments(op, y_pred, y_true)
        return classes.kept(np.asarray(self.target.call(loss, op, "forward", give(y_pred), give(y_true))))

    @staticmethod
    def _loss_arguments(op: str, y_pred: np.ndarray, y_true: Any, extreme: bool = False) -> Any:
        """Meet a loss's arguments' input classes (`extreme`: y_pred is the fused class's
        logits); how to hand them to the target."""
        if op in REGRESSION:
            classes.batch_arguments(y_pred)
            classes.regression_labels(y_true, y_pred, kink=op == "mae")
            return classes.given_to_the_target
        classes.batch_arguments(y_pred, classes_axis=op != "bce", extreme=extreme)
        if op != "fused":
            classes.predictions(y_pred)
        if op == "bce":
            classes.binary_labels(y_true)
        else:
            classes.categorical_labels(y_true, np.shape(y_pred)[-1])
        return classes.given_to_the_target

    def loss_backward(self, op: str, y_pred: np.ndarray, y_true: Any) -> np.ndarray:
        """Gradient of the mean loss w.r.t. the predictions."""
        return self._loss_backward_on(op, self.target.make(op), y_pred, y_true)

    def _loss_backward_on(self, op: str, loss: Any, y_pred: np.ndarray, y_true: Any) -> np.ndarray:
        give = self._loss_arguments(op, y_pred, y_true)
        self.target.call(loss, op, "backward", give(y_pred), give(y_true))
        return self._read(loss, op, "dinput")

    def fused(self, logits: np.ndarray, y_true: Any) -> tuple[float, np.ndarray, np.ndarray]:
        """(mean loss, softmax output, dinput) of the fused softmax + CCE class."""
        return self._fused_on(self.target.make("fused"), logits, y_true)

    def _fused_on(self, fused: Any, logits: np.ndarray,
                  y_true: Any) -> tuple[float, np.ndarray, np.ndarray]:
        t, give = self.target, self._loss_arguments("fused", logits, y_true, extreme=True)
        loss = float(np.asarray(t.call(fused, "fused", "forward", give(logits), give(y_true))))
        output = self._read(fused, "fused", "output")
        t.call(fused, "fused", "backward", output.copy(), give(y_true))
        return loss, output, self._read(fused, "fused", "dinput")

    def fused_backward(self, y_pred: np.ndarray, y_true: Any) -> np.ndarray:
        """The fused backward alone, given the softmax output."""
        return self._loss_backward_on("fused", self.target.make("fused"), y_pred, y_true)

    def reused(self, op: str) -> Reused:
        """One object of `op` (REUSABLE: "dense", an activation, a loss or "fused") kept
        for every call made through the returned view, as a training loop keeps its layers."""
        if op not in REUSABLE:
            raise ValueError(f"reused: op must be one of {', '.join(REUSABLE)}; got {op!r}")
        return Reused(self, op)


REUSABLE = ("dense", *ACTIVATIONS, *LOSSES, "fused")


class Reused:
    """The Adapter's calls on ONE object of an operation: Dense is built once from the first
    weight shape and given the parameters before each call; a loss uses one instance for forward
    and backward. The target's log keeps every call, as for fresh objects."""

    def __init__(self, adapter: Adapter, op: str) -> None:
        self.adapter, self.op = adapter, op
        self.instance: Any = None
        self.second = False  # whether the object has been used again

    def _object(self, *shape: int, new_batch: bool = True) -> Any:
        """The one object; a second batch through it is the reused-objects input class."""
        if self.instance is None:
            self.instance = self.adapter.target.make(self.op, *shape)
        elif new_batch and not self.second:
            self.second = True
            classes.reused()
        return self.instance

    def dense(self, weight: np.ndarray, bias: np.ndarray, x: np.ndarray,
              dvalue: np.ndarray | None = None) -> DenseResult:
        """Adapter.dense on the one layer."""
        return self.adapter._dense_on(self._object(*weight.shape), weight, bias, x, dvalue)

    def activation(self, x: np.ndarray,
                   dvalue: np.ndarray | None = None) -> tuple[np.ndarray, Any]:
        """Adapter.activation on the one activation object."""
        return self.adapter._activation_on(self.op, self._object(), x, dvalue)

    def loss_forward(self, y_pred: np.ndarray, y_true: Any) -> np.ndarray:
        """Per-sample losses from the one loss object."""
        return self.adapter._loss_forward_on(self.op, self._object(), y_pred, y_true)

    def loss_backward(self, y_pred: np.ndarray, y_true: Any) -> np.ndarray:
        """dinput from the one loss object."""
        return self.adapter._loss_backward_on(self.op, self._object(new_batch=False), y_pred, y_true)

    def fused(self, logits: np.ndarray, y_true: Any) -> tuple[float, np.ndarray, np.ndarray]:
        """Adapter.fused (forward, then backward of its output) on the one fused object."""
        return self.adapter._fused_on(self._object(), logits, y_true)
