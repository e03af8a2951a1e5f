"""Which class of a target plays each role, found by its name (case, underscores and the usual
abbreviations ignored) or its shape, unless an explicit `--map role=Class` says; and the
documented tables of method, attribute and constructor-argument names the suite accepts."""

from __future__ import annotations

import inspect
import re
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROLES = ("dense", "relu", "softmax", "sigmoid", "cce", "bce", "fused", "linear", "mse", "mae", "dropout")
BOOK_NAMES = {"dense": "Layer_Dense", "relu": "Activation_ReLU", "softmax": "Activation_Softmax",
              "sigmoid": "Activation_Sigmoid", "cce": "Loss_CategoricalCrossentropy",
              "bce": "Loss_BinaryCrossentropy",
              "fused": "Activation_Softmax_Loss_CategoricalCrossentropy",
              "linear": "Activation_Linear", "mse": "Loss_MeanSquaredError",
              "mae": "Loss_MeanAbsoluteError", "dropout": "Layer_Dropout"}
ROLE_OF_CLASS_NAME = {name: role for role, name in BOOK_NAMES.items()}

# the names each method and attribute may go by, the notes' and the book's first
METHODS = {"forward": ("forward", "forward_pass", "forwards", "forward_propagation", "fprop"),
           "backward": ("backward", "backwards", "backward_pass", "backwards_pass",
                        "backward_propagation", "backprop", "bprop")}
ATTRIBUTES = {"output": ("output", "outputs", "out"),
              "dinput": ("dinput", "dinputs", "d_inputs", "d_input", "dInputs", "dInput", "dx"),
              "dweight": ("dweight", "dweights", "d_weights", "d_weight", "dWeights", "dWeight", "dW"),
              "dbias": ("dbias", "dbiases", "d_biases", "d_bias", "dBiases", "dBias", "db"),
              "weight": ("weight", "weights", "W"),
              "bias": ("bias", "biases", "b"),
              "mask": ("binary_mask", "mask", "dropout_mask", "_mask", "_binary_mask")}
# the book's four regularisation strengths, each with the constructor-parameter names it goes by
REGULARIZERS = {"weight_l1": ("weight_regularizer_l1", "weight_l1", "l1", "lambda_l1"),
                "weight_l2": ("weight_regularizer_l2", "weight_l2", "l2", "lambda_l2"),
                "bias_l1": ("bias_regularizer_l1", "bias_l1"),
                "bias_l2": ("bias_regularizer_l2", "bias_l2")}
# the names a dropout constructor's drop fraction goes by (the book's `rate`)
DROP_RATES = ("rate", "dropout_rate", "drop_rate", "dropout", "p", "drop_prob", "p_drop")
DEFAULT_DROP_RATE = 0.1  # the book's Layer_Dropout(0.1), where no property chooses the rate
# values for constructor parameters without a default, by name: regularisation strengths of 0
# make the book's regularised Dense the plain one (the regularisation properties set them)
CONSTRUCTOR_VALUES: dict[str, Any] = {
    **{name: 0.0 for names in REGULARIZERS.values() for name in names},
    "reg": 0.0, "regularization": 0.0,
    **{name: DEFAULT_DROP_RATE for name in DROP_RATES},
}
# a forward parameter after the data whose name says training is given True
TRAINING_FLAG = re.compile(r"^_*(is_)?train(ing)?$")


class DiscoveryError(Exception):
    """No usable role map: an unknown role or class in --map, an ambiguous name, or no role at all."""


def normalise(name: str) -> str:
    return name.replace("_", "").lower()


def role_by_name(class_name: str) -> str | None:
    """The role a class name says it plays, or None: `SoftmaxClassifier`, `Loss_CCE`, `Act_ReLU`."""
    s = normalise(class_name)
    if any(word in s for word in ("leaky", "optimizer", "optimiser", "model", "network")):
        return None
    if "dropout" in s:
        return "dropout"
    if "meansquared" in s or "mse" in s:
        return "mse"
    if "meanabsolute" in s or "mae" in s:
        return "mae"
    if "linear" in s:  # an Activation_Linear; a "Linear" that stores weights is a Dense (discover)
        return None if "loss" in s else "linear"
    is_loss = any(word in s for word in ("loss", "crossentropy", "cce", "bce", "catcross", "entropy"))
    if "softmax" in s:
        return "fused" if is_loss or "classifier" in s else "softmax"
    if "binary" in s or "bce" in s:
        return "bce" if is_loss else None
    if any(word in s for word in ("categorical", "cce", "catcross", "crossentropy")):
        return "cce"
    if "relu" in s:
        return "relu"
    if "sigmoid" in s or "logistic" in s:
        return None if is_loss else "sigmoid"
    if "activation" in s or is_loss:
        return None
    if "dense" in s or "fullyconnected" in s or s in ("layer", "fc", "fclayer"):
        return "dense"
    return None


def method(cls: type, job: str) -> str | None:
    """The name under which `cls` (or a base class) has its forward or backward method."""
    return next((name for name in METHODS[job] if callable(getattr(cls, name, None))), None)


def _stores_weights(cls: type) -> bool:
    """A Dense by shape: its constructor names a weight and a bias attribute (read from the
    compiled code, so it works for notebooks and files whose source is gone)."""
    init = getattr(cls, "__init__")  # noqa: B009  (mypy: a class's own constructor, not an instance's)
    names = set(getattr(getattr(init, "__code__", None), "co_names", ()))
    return bool(names & set(ATTRIBUTES["weight"])) and bool(names & set(ATTRIBUTES["bias"]))


LIBRARY_FOLDERS = tuple(Path(sysconfig.get_path(key)).resolve()
                        for key in ("stdlib", "platstdlib", "purelib", "platlib"))


def _own(origin: ModuleType | None, module: ModuleType) -> bool:
    """Whether a class comes from the target (itself, its submodules, a sibling file, a module
    of the learner's it imports) rather than from an installed library or the standard one."""
    if origin is None:
        return False
    if origin is module or origin.__name__.startswith(module.__name__ + "."):
        return True
    there = getattr(origin, "__file__", None)
    if not there:
        return False  # built-in
    path = Path(str(there)).resolve()
    return not any(folder in path.parents for folder in LIBRARY_FOLDERS)


def candidates(module: ModuleType) -> dict[str, type]:
    """The module's classes with a forward and a backward method, its own or imported from the
    learner's other files (an installed library's never)."""
    return {name: value for name, value in vars(module).items()
            if inspect.isclass(value) and not name.startswith("__")
            and _own(inspect.getmodule(value), module)
            and method(value, "forward") and method(value, "backward")}


@dataclass(frozen=True)
class RoleMap:
    """role → (class name, how it was found: "--map", "name" or "shape"); absent roles omitted."""

    classes: dict[str, tuple[str, str]]
    considered: tuple[str, ...]  # every candidate class, for messages

    def absent(self) -> tuple[str, ...]:
        return tuple(role for role in ROLES if role not in self.classes)


def parse_map(text: str) -> dict[str, str]:
    """`dense=DenseLayer,cce=Loss_CCE` → {"dense": "DenseLayer", "cce": "Loss_CCE"}."""
    pairs: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        role, sep, name = item.partition("=")
        role, name = role.strip().lower(), name.strip()
        if not sep or not name:
            raise DiscoveryError(f"--map: expected role=ClassName pairs separated by commas, got {item!r}")
        if role not in ROLES:
            raise DiscoveryError(f"--map: unknown role {role!r}; the roles are {', '.join(ROLES)}")
        pairs[role] = name
    return pairs


def discover(module: ModuleType, explicit: dict[str, str] | None = None) -> RoleMap:
    """Each role's class: the explicit map first, then a unique match by name, then by shape."""
    found = candidates(module)
    considered = tuple(sorted(found))
    chosen: dict[str, tuple[str, str]] = {}
    for role, name in (explicit or {}).items():
        if not inspect.isclass(getattr(module, name, None)):
            raise DiscoveryError(f"--map {role}={name}: the target has no class {name!r}; its classes with "
                                 f"forward and backward methods are {', '.join(considered) or 'none'}")
        chosen[role] = (name, "--map")
    taken = {name for name, _ in chosen.values()}
    by_role: dict[str, list[str]] = {}
    for candidate in considered:
        named = role_by_name(candidate)
        if named == "linear" and _stores_weights(found[candidate]):
            named = "dense"  # PyTorch's nn.Linear naming: a layer with weights
        if named is not None and named not in chosen and candidate not in taken:
            by_role.setdefault(named, []).append(candidate)
    for role, names in by_role.items():
        if len(names) > 1 and BOOK_NAMES[role] in names:
            names = [BOOK_NAMES[role]]
        if len(names) > 1:
            raise DiscoveryError(f"several classes could be the {role} role: {', '.join(names)}; "
                                 f"say which with --map {role}={names[0]}")
        chosen[role] = (names[0], "name")
    if "dense" not in chosen:
        shaped = [name for name in considered if role_by_name(name) is None
                  and name not in taken and _stores_weights(found[name])]
        if len(shaped) == 1:
            chosen["dense"] = (shaped[0], "shape")
    if not chosen:
        raise DiscoveryError(
            f"no class plays any role ({', '.join(ROLES)}); the classes with forward and backward methods "
            f"are {', '.join(considered) or 'none'}. Name them as the notes or the book do, or pass "
            f"--map dense=YourDense,relu=YourReLU,…")
    return RoleMap({role: chosen[role] for role in ROLES if role in chosen}, considered)
