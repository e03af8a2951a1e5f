"""Which class of a target plays each role, found by its name (case, underscores and the usual
abbreviations ignored) or its shape, unless an explicit `--map role=Class` says; why a class named
for a role is not judged (no backward method, a misspelt one); the documented tables of method,
attribute and constructor-argument names the suite accepts; and a Dense's regularisation
strengths, recognised by the pattern of their names (`strength_key`) or named with
`--init "dense.strengths='weight_l1:NAME,…'"` (`parse_strengths`)."""

from __future__ import annotations

import difflib
import inspect
import re
import sysconfig
from dataclasses import dataclass, field
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
# the four regularisation strengths a property may set on a Dense (the book's weight_regularizer_l1,
# …), recognised in a constructor by strength_key
STRENGTHS = ("weight_l1", "weight_l2", "bias_l1", "bias_l2")
# the reserved `--init dense.strengths=…` key, which names the strengths instead of giving a value
STRENGTHS_OPTION = "strengths"
# the names a dropout constructor's drop fraction goes by (the book's `rate`)
DROP_RATES = ("rate", "dropout_rate", "drop_rate", "dropout", "p", "drop_prob", "p_drop")
DEFAULT_DROP_RATE = 0.1  # the book's Layer_Dropout(0.1), where no property chooses the rate
# values for constructor parameters without a default, by name: a dropout's rate; any strength
# (`strength_key`, or a name with "regulari" or "lambda" in it) gets 0, which makes the book's
# regularised Dense the plain one (the regularisation properties set their own strengths)
CONSTRUCTOR_VALUES: dict[str, Any] = {
    "reg": 0.0, "regularization": 0.0,
    **{name: DEFAULT_DROP_RATE for name in DROP_RATES},
}
# a forward parameter after the data whose name says training is given True
TRAINING_FLAG = re.compile(r"^_*(is_)?train(ing)?$")


class DiscoveryError(Exception):
    """No usable role map: an unknown role or class in --map, an ambiguous name, or no role at all."""


def normalise(name: str) -> str:
    return name.replace("_", "").lower()


# words a strength's name may carry besides its tensor and its norm, removed before matching
_STRENGTH_FILLER = re.compile(r"regulari[sz](?:ation|er)s?|penalty|strength|lamb?da|lam|reg")
_TENSOR = r"weights?|w|kernel|bias(?:es)?|b"
_STRENGTH = re.compile(rf"(?P<before>{_TENSOR})?(?P<norm>l[12])(?P<after>{_TENSOR})?")


def strength_key(name: str) -> str | None:
    """The regularisation strength a constructor parameter's name says it is ("weight_l1",
    "weight_l2", "bias_l1", "bias_l2"), or None. camelCase is split, case and underscores are
    ignored, and the words regularizer/regularization (either spelling), reg, lambda (or lamda), lam,
    penalty and strength dropped; what is left must be exactly a norm, l1 or l2, with at most
    one tensor word before or after it: weight, w or kernel (the weights), bias or b (the
    biases), none (the weights, as the book's `l1` and `lambda_l1` mean). So
    `weight_regularizer_L1`, `weight_reg_l1`, `l1_weight`, `w_l1`, `weightRegularizerL1`,
    `lambda_l1` and `l1` are the weights' L1 strength, `bias_reg_l2`, `l2_bias` and `b_l2` the
    biases' L2. Not strengths: `l1_ratio` (an elastic net's mix of L1 and L2, not a strength),
    `weight_decay` (an optimiser's, not a penalty's), a name with two tensor words or both norms."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().replace("_", "")
    match = _STRENGTH.fullmatch(_STRENGTH_FILLER.sub("", words))
    if match is None or (match["before"] and match["after"]):
        return None
    tensor = match["before"] or match["after"] or "w"
    return f"{'bias' if tensor.startswith('b') else 'weight'}_{match['norm']}"


def recognise_strengths(names: list[str], explicit: dict[str, str] | None = None
                        ) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """({strength: parameter}, {strength: the parameters that could each be it}) for a
    constructor's parameter names: the explicit naming first, then `strength_key`, exactly one
    parameter per strength — a strength two parameters could be is left unrecognised (the
    second mapping), never guessed."""
    chosen = dict(explicit or {})
    matches: dict[str, list[str]] = {}
    for name in names:
        key = strength_key(name)
        if key is not None and key not in chosen and name not in chosen.values():
            matches.setdefault(key, []).append(name)
    ambiguous = {key: tuple(found) for key, found in matches.items() if len(found) > 1}
    chosen.update({key: found[0] for key, found in matches.items() if len(found) == 1})
    return {key: chosen[key] for key in STRENGTHS if key in chosen}, ambiguous


def parse_strengths(value: Any) -> dict[str, str]:
    """The strengths `--init "dense.strengths='weight_l1:wl1,bias_l2:bl2'"` names: the
    option's value is a Python literal, so the pairs are a quoted string (or a dict literal,
    `--init "dense.strengths={'weight_l1': 'wl1'}"`) → {"weight_l1": "wl1", "bias_l2": "bl2"}.
    Each key is one of weight_l1, weight_l2, bias_l1, bias_l2, each value a parameter of the
    Dense's constructor; strengths not named are still recognised by their names."""
    what = f"--init dense.{STRENGTHS_OPTION}"
    if isinstance(value, dict):
        pairs = [(str(key), str(name)) for key, name in value.items()]
    elif isinstance(value, str):
        items = [item.partition(":") for item in filter(None, (p.strip() for p in value.split(",")))]
        if any(not sep for _, sep, _ in items):
            raise DiscoveryError(f"{what}: expected STRENGTH:PARAM pairs separated by commas, got {value!r}")
        pairs = [(key, name) for key, _, name in items]
    else:
        raise DiscoveryError(f"{what}: expected a quoted string of STRENGTH:PARAM pairs, e.g. "
                             f"\"dense.{STRENGTHS_OPTION}='weight_l1:wl1,bias_l2:bl2'\", got {value!r}")
    named: dict[str, str] = {}
    for key, name in ((k.strip().lower(), n.strip()) for k, n in pairs):
        if key not in STRENGTHS:
            raise DiscoveryError(f"{what}: unknown strength {key!r}; the strengths are "
                                 f"{', '.join(STRENGTHS)}")
        if not name.isidentifier():
            raise DiscoveryError(f"{what}: {name!r} is not a parameter name (for {key})")
        if key in named or name in named.values():
            raise DiscoveryError(f"{what}: {key} or {name} named twice")
        named[key] = name
    return named


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


NEAR_MISS = 0.8  # difflib's ratio from which a method name is taken for a misspelt accepted one


def near_miss(cls: type, job: str) -> tuple[str, str] | None:
    """(the class's method, the accepted name it is close to) when `cls` has no `job` method
    under an accepted name but one spelt nearly so (`bacward`, `foward`, `backwords`, `Backward`)."""
    accepted = {name.lower() for names in METHODS.values() for name in names}
    for name in sorted(n for n in dir(cls) if not n.startswith("__") and callable(getattr(cls, n, None))):
        close = difflib.get_close_matches(name.lower(), METHODS[job], n=1, cutoff=NEAR_MISS)
        if close and (name.lower() not in accepted or name.lower() in METHODS[job]):
            return name, close[0]
    return None


def other(job: str) -> str:
    return "backward" if job == "forward" else "forward"


def why_not_judged(name: str, cls: type) -> str | None:
    """Why a class named for a role is not a candidate for it (None when it is): a misspelt
    method (`Activation_ReLU has bacward — did you mean backward? Not judged`), or the method it
    lacks (`Softmax_Activation_Function: forward only, no backward method — not judged`)."""
    lacking = [job for job in METHODS if not method(cls, job)]
    if not lacking:
        return None
    misses = [miss for job in lacking if (miss := near_miss(cls, job))]
    if misses:
        return "; ".join(f"{name} has {got} — did you mean {meant}?" for got, meant in misses) + " Not judged"
    if len(lacking) == 2:
        return f"{name}: no forward and no backward method — not judged"
    return f"{name}: {other(lacking[0])} only, no {lacking[0]} method — not judged"


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
    """role → (class name, how it was found: "--map", "name" or "shape"); absent roles omitted.
    `not_judged` says, for an absent role, why a class named for it is not judged (a forward
    without a backward, a misspelt method name): role → one sentence per such class, joined by
    "; ". An absent role without an entry there is one no class is named for."""

    classes: dict[str, tuple[str, str]]
    considered: tuple[str, ...]  # every candidate class, for messages
    not_judged: dict[str, str] = field(default_factory=dict)

    def absent(self) -> tuple[str, ...]:
        """The roles no class is judged for (those with a `not_judged` reason included)."""
        return tuple(role for role in ROLES if role not in self.classes)

    def why_absent(self, role: str) -> str:
        """Why an absent role has no class: `not_judged`'s sentence, or that no class was found."""
        return self.not_judged.get(role) or f"no class found; --map {role}=YourClass names one"


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
    not_judged = _not_judged(module, chosen)
    if not chosen:
        why = "".join(f"; {reason}" for reason in not_judged.values())
        raise DiscoveryError(
            f"no class plays any role ({', '.join(ROLES)}){why}; the classes with forward and backward "
            f"methods are {', '.join(considered) or 'none'}. Name them as the notes or the book do, or pass "
            f"--map dense=YourDense,relu=YourReLU,…")
    return RoleMap({role: chosen[role] for role in ROLES if role in chosen}, considered, not_judged)


def _not_judged(module: ModuleType, chosen: dict[str, tuple[str, str]]) -> dict[str, str]:
    """role → why the module's classes named for it are not judged, for the roles left absent."""
    reasons: dict[str, list[str]] = {}
    for name, value in vars(module).items():
        if not inspect.isclass(value) or name.startswith("__") or not _own(inspect.getmodule(value), module):
            continue
        role = role_by_name(name)
        if role is not None and role not in chosen and (why := why_not_judged(name, value)):
            reasons.setdefault(role, []).append(why)
    return {role: "; ".join(reasons[role]) for role in ROLES if role in reasons}
