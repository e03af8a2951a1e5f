"""One functional interface over any implementation of the notes' classes, whichever naming it
uses: the notes' (`weight`, `dinput`, `backward(dvalue)`) or the book's (`weights`, `dinputs`,
`forward(inputs, training)`, `backward(dvalues, y_true)`). Each call builds fresh objects, so no
state leaks from one Hypothesis example to the next; `reused(op)` keeps one object across calls,
as a training loop keeps its layers, for the stale-state properties (properties/reuse.py)."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

REQUIRED = (
    "Layer_Dense",
    "Activation_ReLU",
    "Activation_Softmax",
    "Activation_Sigmoid",
    "Loss_CategoricalCrossentropy",
    "Loss_BinaryCrossentropy",
)
FUSED = "Activation_Softmax_Loss_CategoricalCrossentropy"
ACTIVATIONS = {"relu": "Activation_ReLU", "softmax": "Activation_Softmax",
               "sigmoid": "Activation_Sigmoid"}
LOSSES = {"cce": "Loss_CategoricalCrossentropy", "bce": "Loss_BinaryCrossentropy"}


class TargetError(Exception):
    """The target cannot be loaded or does not look like an implementation of the notes."""


def load_target(spec: str) -> ModuleType:
    """Import TARGET given as a dotted module name or as a path to a .py file."""
    if spec.endswith(".py") or "/" in spec or "\\" in spec:
        path = Path(spec).resolve()
        if not path.is_file():
            raise TargetError(f"--impl={spec}: no such file {path}")
        name = f"backprop_target_{path.stem}"
        module_spec = importlib.util.spec_from_file_location(name, path)
        if module_spec is None or module_spec.loader is None:
            raise TargetError(f"--impl={spec}: cannot import {path}")
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
        return module
    try:
        return importlib.import_module(spec)
    except ImportError as err:
        raise TargetError(f"--impl={spec}: cannot import module {spec!r} ({err})") from err


def _attribute(obj: object, *names: str) -> Any:
    for name in names:
        if hasattr(obj, name) and getattr(obj, name) is not None:
            return getattr(obj, name)
    raise AttributeError(
        f"{type(obj).__name__} has none of the attributes {', '.join(names)} after the call"
    )


_TRAINING: dict[type, bool] = {}


def _takes_training(cls: type) -> bool:
    """Whether cls.forward has the book's `training` parameter (looked up once per class)."""
    if cls not in _TRAINING:
        try:
            _TRAINING[cls] = "training" in inspect.signature(cls.forward).parameters  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            _TRAINING[cls] = False
    return _TRAINING[cls]


@dataclass(frozen=True)
class DenseResult:
    output: np.ndarray
    dinput: np.ndarray
    dweight: np.ndarray
    dbias: np.ndarray


def _logged(method: Any) -> Any:
    """Keep the first call of each example (the one a property checks), so that a failure can be
    replayed at a prompt; `new_example()` forgets it."""
    def call(self: Adapter, *args: Any) -> Any:
        if self.first_call is None:
            self.first_call = (method.__name__, [np.array(a, copy=True)
                                                 if isinstance(a, np.ndarray) else a for a in args])
        return method(self, *args)
    call.__name__, call.__doc__ = method.__name__, method.__doc__
    return call


class Adapter:
    """Functional view of a target: `adapter.activation("softmax", x, g)` → (output, dinput)."""

    def __init__(self, module: ModuleType, spec: str | None = None) -> None:
        missing = [name for name in REQUIRED if not hasattr(module, name)]
        if missing:
            raise TargetError(f"{module.__name__} lacks {', '.join(missing)}")
        self.module = module
        self.label = spec or module.__name__
        self.has_fused = hasattr(module, FUSED)
        self.first_call: tuple[str, list[Any]] | None = None

    def new_example(self) -> None:
        self.first_call = None

    def _forward(self, obj: Any, *args: Any) -> Any:
        if _takes_training(type(obj)):
            return obj.forward(*args, training=True)
        return obj.forward(*args)

    @_logged
    def dense(self, weight: np.ndarray, bias: np.ndarray, x: np.ndarray,
              dvalue: np.ndarray | None = None) -> DenseResult:
        """Forward (and backward if `dvalue` is given) of Layer_Dense with these parameters."""
        return self._dense_on(self.module.Layer_Dense(*weight.shape), weight, bias, x, dvalue)

    def _dense_on(self, layer: Any, weight: np.ndarray, bias: np.ndarray, x: np.ndarray,
                  dvalue: np.ndarray | None) -> DenseResult:
        for names, value in ((("weight", "weights"), weight), (("bias", "biases"), bias)):
            name = next((n for n in names if hasattr(layer, n)), names[0])
            setattr(layer, name, value)
        self._forward(layer, x)
        output = _attribute(layer, "output")
        if dvalue is None:
            return DenseResult(output, *(np.empty(0),) * 3)
        layer.backward(dvalue)
        return DenseResult(output, _attribute(layer, "dinput", "dinputs"),
                           _attribute(layer, "dweight", "dweights"),
                           _attribute(layer, "dbias", "dbiases"))

    @_logged
    def activation(self, op: str, x: np.ndarray,
                   dvalue: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
        """(output, dinput) of ReLU, Softmax or Sigmoid; dinput is None without `dvalue`."""
        return self._activation_on(getattr(self.module, ACTIVATIONS[op])(), x, dvalue)

    def _activation_on(self, layer: Any, x: np.ndarray,
                       dvalue: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
        self._forward(layer, x)
        output = _attribute(layer, "output")
        if dvalue is None:
            return output, None
        layer.backward(dvalue)
        return output, _attribute(layer, "dinput", "dinputs")

    @_logged
    def loss_forward(self, op: str, y_pred: np.ndarray, y_true: Any) -> np.ndarray:
        """Per-sample losses (n,) of CCE or BCE."""
        loss = getattr(self.module, LOSSES[op])()
        return np.asarray(loss.forward(y_pred, y_true))

    @_logged
    def loss_backward(self, op: str, y_pred: np.ndarray, y_true: Any) -> np.ndarray:
        """Gradient of the mean loss w.r.t. the predictions."""
        loss = getattr(self.module, LOSSES[op])()
        loss.backward(y_pred, y_true)
        return _attribute(loss, "dinput", "dinputs")

    @_logged
    def fused(self, logits: np.ndarray, y_true: Any) -> tuple[float, np.ndarray, np.ndarray]:
        """(mean loss, softmax output, dinput) of the fused softmax + CCE class."""
        return self._fused_on(getattr(self.module, FUSED)(), logits, y_true)

    def _fused_on(self, fused: Any, logits: np.ndarray,
                  y_true: Any) -> tuple[float, np.ndarray, np.ndarray]:
        loss = float(np.asarray(fused.forward(logits, y_true)))
        output = _attribute(fused, "output")
        fused.backward(output.copy(), y_true)
        return loss, output, _attribute(fused, "dinput", "dinputs")

    @_logged
    def fused_backward(self, y_pred: np.ndarray, y_true: Any) -> np.ndarray:
        """The fused backward alone, given the softmax output."""
        fused = getattr(self.module, FUSED)()
        fused.backward(y_pred, y_true)
        return _attribute(fused, "dinput", "dinputs")

    def reused(self, op: str) -> Reused:
        """One object of `op` ("dense", "relu", "softmax", "sigmoid", "cce", "bce", "fused") kept
        for every call made through the returned view, as a training loop keeps its layers."""
        if op not in REUSABLE:
            raise ValueError(f"reused: op must be one of {', '.join(REUSABLE)}; got {op!r}")
        return Reused(self, op)

    def replay_reused(self, op: str, *calls: Any) -> list[Any]:
        """Replay a recorded sequence `method, *args, method, *args, …` on one reused object of
        `op` (the report's snippet for a stale-state failure); every call's result, as kept."""
        reused, rest, results = self.reused(op), list(calls), []
        while rest:
            method, arity = rest[0], _REUSED_ARITY[rest[0]]
            results.append(getattr(reused, method)(*rest[1:1 + arity]))
            rest = rest[1 + arity:]
        return results


REUSABLE = ("dense", *ACTIVATIONS, *LOSSES, "fused")
_REUSED_ARITY = {"dense": 4, "activation": 2, "loss_forward": 2, "loss_backward": 2, "fused": 2}


class Reused:
    """The Adapter's calls on ONE object of an operation: Dense is built once from the first
    weight shape and given the parameters before each call; a loss uses one instance for forward
    and backward. Each call is recorded into the adapter's `first_call`, as the sequence
    `replay_reused` repeats, when this view made the example's first call."""

    def __init__(self, adapter: Adapter, op: str) -> None:
        self.adapter, self.op = adapter, op
        self.instance: Any = None
        self.record: tuple[str, list[Any]] = ("replay_reused", [op])
        self.logging: bool | None = None  # decided by the first call

    def _log(self, method: str, *args: Any) -> None:
        if self.logging is None:
            self.logging = self.adapter.first_call is None
        first = self.adapter.first_call
        if self.logging and (first is None or first is self.record):
            self.record[1].extend([method, *(np.array(a, copy=True) if isinstance(a, np.ndarray)
                                             else a for a in args)])
            self.adapter.first_call = self.record

    def _object(self, *shape: int) -> Any:
        if self.instance is None:
            name = {"dense": "Layer_Dense", "fused": FUSED, **ACTIVATIONS, **LOSSES}[self.op]
            self.instance = getattr(self.adapter.module, name)(*shape)
        return self.instance

    def dense(self, weight: np.ndarray, bias: np.ndarray, x: np.ndarray,
              dvalue: np.ndarray | None = None) -> DenseResult:
        """Adapter.dense on the one layer."""
        self._log("dense", weight, bias, x, dvalue)
        return self.adapter._dense_on(self._object(*weight.shape), weight, bias, x, dvalue)

    def activation(self, x: np.ndarray,
                   dvalue: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
        """Adapter.activation on the one activation object."""
        self._log("activation", x, dvalue)
        return self.adapter._activation_on(self._object(), x, dvalue)

    def loss_forward(self, y_pred: np.ndarray, y_true: Any) -> np.ndarray:
        """Per-sample losses from the one loss object."""
        self._log("loss_forward", y_pred, y_true)
        return np.asarray(self._object().forward(y_pred, y_true))

    def loss_backward(self, y_pred: np.ndarray, y_true: Any) -> np.ndarray:
        """dinput from the one loss object."""
        self._log("loss_backward", y_pred, y_true)
        loss = self._object()
        loss.backward(y_pred, y_true)
        return _attribute(loss, "dinput", "dinputs")

    def fused(self, logits: np.ndarray, y_true: Any) -> tuple[float, np.ndarray, np.ndarray]:
        """Adapter.fused (forward, then backward of its output) on the one fused object."""
        self._log("fused", logits, y_true)
        return self.adapter._fused_on(self._object(), logits, y_true)
