"""The target model: for each role the learner's class, its resolved method and attribute names
and constructor arguments (a `Binding`), and every call an example made, kept in order as a log
of `Event`s in the learner's own terms — what a replay transcribes."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np

from backprop_spec.properties.numerics import observations
from backprop_spec.properties.outcomes import NotApplicable, RequiredAbsent
from backprop_spec.properties.target import snippet
from backprop_spec.properties.target.discovery import (
    ATTRIBUTES,
    CONSTRUCTOR_VALUES,
    DROP_RATES,
    ROLES,
    STRENGTHS,
    STRENGTHS_OPTION,
    TRAINING_FLAG,
    DiscoveryError,
    RoleMap,
    discover,
    method,
    near_miss,
    parse_strengths,
    recognise_strengths,
    strength_key,
)
from backprop_spec.properties.target.layout import kept
from backprop_spec.properties.target.loading import load
from backprop_spec.properties.target.watchdog import CallTimeout, time_limit

DATA_ARITY = {"dense": 1, "relu": 1, "softmax": 1, "sigmoid": 1, "cce": 2, "bce": 2, "fused": 2,
              "linear": 1, "mse": 2, "mae": 2, "dropout": 1}
CALL_TIMEOUT = 5.0  # seconds a forward or backward may take on the suite's small arrays
NO_REGULARIZATION = "takes no regularisation strengths (the book's chapter 14, beyond the notes)"


class RoleFailure(AssertionError):
    """A role the suite cannot call as the notes describe (its constructor needs a value nobody
    gave, its weights are transposed, a method hung): every property of the role fails with it."""


def _extra_parameters(function: Any, skip: int) -> list[inspect.Parameter]:
    """Parameters after `self` and the first `skip` ones, *args and **kwargs left out."""
    try:
        params = list(inspect.signature(function).parameters.values())[1 + skip:]
    except (TypeError, ValueError):
        return []
    return [p for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def positional_parameters(bound_method: Any) -> list[str]:
    """The parameters a bound method takes positionally (its `self` already bound)."""
    try:
        params = inspect.signature(bound_method).parameters.values()
    except (TypeError, ValueError):
        return []
    return [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _required(params: list[inspect.Parameter]) -> list[str]:
    return [p.name for p in params if p.default is p.empty]


@dataclass
class Binding:
    """One role's class and how to call it; `attributes` fills in as names are first read."""

    role: str
    cls: type
    found_by: str
    forward: str
    backward: str
    flag: str | None = None  # forward's training parameter, given True
    init_kwargs: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    # constructor parameters a property may choose: "rate" (Dropout's drop fraction) and the four
    # regularisation strengths ("weight_l1", …), each → the learner's parameter name
    choosable: dict[str, str] = field(default_factory=dict)
    # one sentence per part of the role's contract the suite cannot test on this class, and why:
    # a Dense's regularisation without (all four) strength parameters, its regularization_loss
    # without a loss class that has one, a Dropout's inference without a training flag, any
    # Dropout property without a drop-rate parameter. A pass of the role covers the rest only.
    untested: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.cls.__name__


def bind(role: str, cls: type, found_by: str, init: dict[str, Any] | None = None) -> Binding:
    """Resolve `cls`'s methods, forward flag and constructor arguments for `role`; what cannot be
    resolved becomes the binding's `problem`, which every call of the role then reports; what the
    suite cannot test on it, its `untested`. `init` holds the --init values of the role's
    constructor parameters, and for a Dense maybe the reserved `strengths` key naming its
    regularisation strengths (discovery.parse_strengths: `--init "dense.strengths='weight_l1:wl1'"`);
    a malformed naming, or one of a parameter the constructor lacks, raises DiscoveryError."""
    given = dict(init or {})
    explicit = parse_strengths(given.pop(STRENGTHS_OPTION)) if STRENGTHS_OPTION in given else {}
    if explicit and role != "dense":
        raise DiscoveryError(f"--init {role}.{STRENGTHS_OPTION}: only a Dense has regularisation strengths")
    forward, backward = method(cls, "forward"), method(cls, "backward")
    binding = Binding(role, cls, found_by, forward or "forward", backward or "backward")
    sizes = 2 if role == "dense" else 0
    constructor = _extra_parameters(getattr(cls, "__init__"), sizes)  # noqa: B009
    unknown = sorted(set(explicit.values()) - {p.name for p in constructor})
    if unknown:
        raise DiscoveryError(f"--init dense.{STRENGTHS_OPTION}: {cls.__name__}() has no parameter "
                             f"{', '.join(unknown)}; its parameters are "
                             f"{_signature(cls, constructor, sizes)}")
    binding.choosable, ambiguous = _choosable(role, constructor, explicit)
    binding.untested = _untested(binding, constructor, sizes, ambiguous)
    if forward is None or backward is None:
        job = "forward" if forward is None else "backward"
        miss = near_miss(cls, job)
        binding.problem = f"{cls.__name__} has no {job} method" + (
            f" ({miss[0]} — did you mean {miss[1]}?)" if miss else "")
        return binding
    extra = _extra_parameters(getattr(cls, binding.forward), DATA_ARITY[role])
    flags = [p.name for p in extra if TRAINING_FLAG.match(p.name)] or _required(extra)[:1]
    binding.flag = flags[0] if flags else None
    if role == "dropout" and binding.flag is None:
        binding.untested += (f"inference not tested: {binding.forward} has no training flag",)
    unfilled = [name for name in _required(extra) if name != binding.flag]
    unfilled += _required(_extra_parameters(getattr(cls, binding.backward), DATA_ARITY[role]))
    if unfilled:
        binding.problem = (f"{cls.__name__}'s {binding.forward}/{binding.backward} need parameters the "
                           f"suite cannot fill: {', '.join(unfilled)}")
        return binding
    strengths = set(binding.choosable.values()) if role == "dense" else set()
    for name in _required(constructor):
        if name in given:
            binding.init_kwargs[name] = given[name]
        elif name in CONSTRUCTOR_VALUES:
            binding.init_kwargs[name] = CONSTRUCTOR_VALUES[name]
        elif name in strengths or strength_key(name) or "regulari" in name or "lambda" in name:
            binding.init_kwargs[name] = 0.0  # a strength: 0 is the plain layer
        else:
            binding.problem = (f"{cls.__name__}() needs a value for its parameter {name!r}, which the "
                               f"suite does not know; give one with --init {role}.{name}=VALUE")
            return binding
    if role == "dense":
        _check_weight_layout(binding)
    return binding


def _choosable(role: str, constructor: list[inspect.Parameter], explicit: dict[str, str]
               ) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """The constructor parameters a property sets: Dropout's rate (by its name, else its first
    required parameter), a Dense's regularisation strengths (named by --init, else recognised by
    discovery.strength_key); and for a Dense the strengths several parameters could each be."""
    names = [p.name for p in constructor]
    if role == "dropout":
        rate = next((n for n in names if n in DROP_RATES), None) or next(iter(_required(constructor)), None)
        return ({"rate": rate} if rate else {}), {}
    if role == "dense":
        return recognise_strengths(names, explicit)
    return {}, {}


def _signature(cls: type, constructor: list[inspect.Parameter], sizes: int) -> str:
    """`Dense_Layer(n_inputs, n_neurons, weight_scale_factor)`: the constructor's parameter names."""
    try:
        params = list(inspect.signature(getattr(cls, "__init__")).parameters)[1:1 + sizes]  # noqa: B009
    except (TypeError, ValueError):
        params = []
    return f"{cls.__name__}({', '.join([*params, *(p.name for p in constructor)])})"


def strengths_hint(keys: tuple[str, ...] | list[str]) -> str:
    """The --init form that names these strengths: `--init "dense.strengths='weight_l1:NAME,…'"`."""
    return f"--init \"dense.{STRENGTHS_OPTION}='{','.join(f'{key}:NAME' for key in keys)}'\""


def _untested(binding: Binding, constructor: list[inspect.Parameter], sizes: int,
              ambiguous: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """What of the role's contract the suite cannot test for want of a constructor parameter: a
    Dense's regularisation (its properties set all four strengths), a Dropout's drop rate."""
    signature = _signature(binding.cls, constructor, sizes)
    if binding.role == "dropout" and "rate" not in binding.choosable:
        return (f"dropout not tested: {signature} takes no drop rate (a parameter named "
                f"{', '.join(DROP_RATES[:3])}, …, or a required one)",)
    if binding.role != "dense":
        return ()
    missing = [key for key in STRENGTHS if key not in binding.choosable]
    if not missing:
        return ()
    if not constructor:
        return (f"regularisation not tested: {signature} takes no regularisation strengths",)
    doubts = "".join(f"; {' and '.join(ambiguous[key])} could each be {key}" for key in missing
                     if key in ambiguous)
    which = ("no strength parameter recognised" if len(missing) == len(STRENGTHS) else
             f"no parameter recognised for {', '.join(missing)} (its properties set all four)")
    return (f"regularisation not tested: {which} in {signature}{doubts} — name them with "
            f"{strengths_hint(missing)}",)


def _check_weight_layout(binding: Binding) -> None:
    """Build the Dense with 2 inputs and 3 neurons: its weights must be (n_inputs, n_neurons)."""
    try:
        with time_limit(CALL_TIMEOUT, f"{binding.name}(2, 3)"):
            layer = binding.cls(2, 3, **binding.init_kwargs)
    except Exception as err:  # the learner's constructor: any error is the role's failure
        binding.problem = f"{binding.name}(2, 3) raised {type(err).__name__}: {err}"
        return
    for key in ("weight", "bias"):
        name = next((n for n in ATTRIBUTES[key] if hasattr(layer, n)), None)
        if name is None:
            binding.problem = (f"{binding.name}(2, 3) has none of the attributes "
                               f"{', '.join(ATTRIBUTES[key])} for its {key}s")
            return
        binding.attributes[key] = name
    shape = np.shape(getattr(layer, binding.attributes["weight"]))
    if shape == (3, 2):
        binding.problem = (f"{binding.name} stores its weights as (n_neurons, n_inputs): "
                           f"{binding.name}(2, 3).{binding.attributes['weight']} has shape (3, 2); the "
                           "notes and the book use (n_inputs, n_neurons) and output = inputs·W + b")


@dataclass(frozen=True)
class ObjectRef:
    """An object of the example passed as an argument (a layer to a regularisation loss): a
    replay names it as the variable it made, `obj0`."""

    number: int

    def __repr__(self) -> str:
        return f"obj{self.number}"


@dataclass(frozen=True)
class Event:
    """One step of an example: `new` (role, constructor args), `set` (attribute, value),
    `call` (method, args) or `get` (attribute) on the example's object number `obj`."""

    kind: str
    obj: int
    name: str
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()


class Target:
    """A loaded target: its role bindings, the roles a teacher requires, and the example's log."""

    def __init__(self, module: ModuleType, label: str, roles: RoleMap,
                 init: dict[str, dict[str, Any]] | None = None, require: tuple[str, ...] = (),
                 events: tuple[str, ...] = (), call_timeout: float = CALL_TIMEOUT,
                 how: str = "imported") -> None:
        self.module, self.label, self.roles, self.events, self.how = module, label, roles, events, how
        self.bindings = {role: bind(role, getattr(module, name), found_by, (init or {}).get(role))
                         for role, (name, found_by) in roles.classes.items()}
        dense = self.bindings.get("dense")
        if dense and set(STRENGTHS) <= set(dense.choosable) and not any(
                callable(getattr(self.bindings[r].cls, "regularization_loss", None))
                for r in ("cce", "bce", "mse", "mae") if r in self.bindings):
            dense.untested += ("regularization_loss not tested: no loss class has a "
                               "regularization_loss method (the gradients are, against SymPy's penalty)",)
        self.required, self.call_timeout = require, call_timeout
        self.log: list[Event] = []
        # (log index, argument number or None, value): each argument passed, result returned, read
        self.produced: list[tuple[int, int | None, Any]] = []
        self._objects: list[Any] = []
        self._hung: dict[str, str] = {}

    def new_example(self) -> None:
        """A fresh log; NumPy's global generator reseeded, so that a Dropout mask drawn with
        np.random (as the book draws it) is the same in a replay of the example's calls."""
        np.random.seed(snippet.EXAMPLE_SEED)  # noqa: NPY002 (the generator learners draw from)
        self.log.clear()
        self.produced.clear()
        self._objects.clear()
        observations.new_example()

    def binding(self, role: str) -> Binding:
        """The role's binding; an absent role skips the test (fails it if the role is required)."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}; got {role!r}")
        if role not in self.bindings:
            why = self.roles.not_judged.get(role)
            message = f"{self.label} has no {role} class ({f'absent: {why}' if why else 'absent'})"
            if role in self.required:
                raise RequiredAbsent(f"{message}, but --require asks for it")
            raise NotApplicable(message)
        binding = self.bindings[role]
        if binding.problem:
            raise RoleFailure(binding.problem)
        return binding

    def _index(self, obj: Any) -> int:
        return next(i for i, known in enumerate(self._objects) if known is obj)

    def _limited(self, binding: Binding, what: str, function: Any, *args: Any, **kwargs: Any) -> Any:
        """Call into the target under the time limit; a role that hung once fails at once after."""
        try:
            if binding.role not in self._hung:
                with time_limit(self.call_timeout, what):
                    return function(*args, **kwargs)
        except CallTimeout as err:
            self._hung[binding.role] = f"{err}: stopped, and the rest of the target judged without it"
        raise RoleFailure(self._hung[binding.role])

    def make(self, role: str, *sizes: int, **chosen: float) -> Any:
        """A new object of the role's class (Dense gets n_inputs, n_neurons); `chosen` sets the
        binding's choosable parameters (rate=0.3, weight_l1=0.01, …) under the learner's names."""
        binding = self.binding(role)
        missing = sorted(set(chosen) - set(binding.choosable))
        if missing and set(missing) <= set(STRENGTHS) and not set(binding.choosable) & set(STRENGTHS):
            raise NotApplicable(f"{binding.name}() {NO_REGULARIZATION}")
        if missing:
            raise NotApplicable(f"{binding.name}() has no parameter for {', '.join(missing)}")
        kwargs = {**binding.init_kwargs, **{binding.choosable[k]: v for k, v in chosen.items()}}
        obj = self._limited(binding, f"{binding.name}()", binding.cls, *sizes, **kwargs)
        self._objects.append(obj)
        self.log.append(Event("new", len(self._objects) - 1, role, sizes,
                              tuple((binding.choosable[k], v) for k, v in chosen.items())))
        return obj

    def set(self, obj: Any, role: str, key: str, value: Any) -> None:
        """Give a Dense its weights or biases under the attribute name it uses."""
        binding = self.binding(role)
        name = binding.attributes.get(key) or next((n for n in ATTRIBUTES[key] if hasattr(obj, n)),
                                                   ATTRIBUTES[key][0])
        binding.attributes[key] = name
        setattr(obj, name, value)
        self.log.append(Event("set", self._index(obj), name, (kept(value),)))

    def call(self, obj: Any, role: str, job: str, *args: Any, training: bool = True) -> Any:
        """obj.forward(*args) (with the training flag, True unless `training` says) or
        obj.backward(*args), as the class names them; any other `job` is that method's name."""
        binding = self.binding(role)
        name = {"forward": binding.forward, "backward": binding.backward}.get(job, job)
        kwargs = {binding.flag: training} if job == "forward" and binding.flag else {}
        logged = tuple(ObjectRef(self._index(a)) if any(a is o for o in self._objects) else kept(a)
                       for a in args)
        self.log.append(Event("call", self._index(obj), name, logged, tuple(kwargs.items())))
        self.produced += [(len(self.log) - 1, number, arg) for number, arg in enumerate(args)]
        result = self._limited(binding, f"{binding.name}.{name}", getattr(obj, name), *args, **kwargs)
        if result is not None:
            self.produced.append((len(self.log) - 1, None, result))
        return result

    def get(self, obj: Any, role: str, key: str) -> Any:
        """The attribute a call set (`dinput` may be `dinputs`, `d_inputs`, …), found once per role."""
        binding = self.binding(role)
        names = (binding.attributes[key],) if key in binding.attributes else ATTRIBUTES[key]
        for name in names:
            value = getattr(obj, name, None)
            if value is not None:
                binding.attributes[key] = name
                self.log.append(Event("get", self._index(obj), name))
                self.produced.append((len(self.log) - 1, None, value))
                return value
        raise AttributeError(f"{binding.name} has none of the attributes {', '.join(ATTRIBUTES[key])} "
                             f"after {binding.forward if key == 'output' else binding.backward}")


def open_target(spec: str, *, explicit: dict[str, str] | None = None,
                init: dict[str, dict[str, Any]] | None = None, require: tuple[str, ...] = (),
                import_timeout: float = 10.0, call_timeout: float = CALL_TIMEOUT) -> Target:
    """Load `spec` (properties/target/loading.py), find its roles and bind them. Raises TargetUnusable
    (the target cannot be judged) or DiscoveryError (no usable role map)."""
    loaded = load(spec, import_timeout=import_timeout)
    return Target(loaded.module, spec, discover(loaded.module, explicit), init, require,
                  loaded.events, call_timeout, loaded.how)
