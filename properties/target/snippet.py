"""The replay snippet: a pasteable reproduction of a failing example, transcribed from the target's
call log in the learner's own terms, that rebuilds the learner's classes, repeats the calls
and prints the value the suite got."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from backprop_spec.properties.numerics.observations import Comparison
from backprop_spec.properties.target.layout import last_axis_step

EXAMPLE_SEED = 0  # the suite seeds NumPy's global generator with it before each example's calls
STEP_LIMIT = 200  # events a snippet transcribes (a Dense call logs 9); the rest are counted, not shown


def _literal(array: np.ndarray) -> str:
    """The array as Python source: np.full for one value repeated bit for bit (a Dropout's
    dedicated 10⁵ ones stays one line), else every entry written out."""
    flat = np.ascontiguousarray(array).reshape(-1)
    if flat.size > 1 and np.isfinite(flat[0]) and np.full_like(flat, flat[0]).tobytes() == flat.tobytes():
        return f"np.full({array.shape!r}, {flat[0].item()!r}, dtype={array.dtype.name!r})"
    body = np.array2string(np.ascontiguousarray(array), separator=", ", precision=17,
                           floatmode="unique", threshold=10**6, max_line_width=100)
    return f"np.array({body}, dtype={array.dtype.name!r})"


def _layout(array: np.ndarray) -> str:
    if array.flags.f_contiguous and not array.flags.c_contiguous:
        return "F"
    return "C" if array.flags.c_contiguous or array.ndim == 0 else f"step {last_axis_step(array)}"


def _key(array: np.ndarray) -> tuple[str, str, bool]:
    return _literal(array), _layout(array), bool(array.flags.writeable)


class _Arrays:
    """The snippet's array variables, rebuilt in the layout the suite passed. A contiguous value
    used more than once is written out once and each use gets a fresh copy (a call may write into
    its argument, and the suite passed each call its own array); a read-only one is shared."""

    def __init__(self, log: list[Any]) -> None:
        self.uses = Counter(_key(a) for event in log for a in event.args if isinstance(a, np.ndarray))
        self.names: dict[tuple[str, str, bool], str] = {}  # the shared values' variables
        self.count = 0

    def use(self, array: np.ndarray, lines: list[str]) -> str:
        key = literal, layout, writeable = _key(array)
        shared = (layout == "C" and self.uses[key] > 1) or not writeable
        if shared and key in self.names:
            return self.names[key] + (".copy()" if writeable else "")
        name, self.count = f"a{self.count}", self.count + 1
        if shared:
            self.names[key] = name
        step = last_axis_step(array)
        if layout == "F":
            lines.append(f"{name} = np.asfortranarray({literal})")
        elif step is not None:
            wide = (*array.shape[:-1], step * array.shape[-1])
            lines += [f"{name} = np.zeros({wide!r}, dtype={array.dtype.name!r})[..., ::{step}]"
                      f"  # every {step}th entry of a wider array, as the suite passed it",
                      f"{name}[...] = {literal}"]
        else:
            lines.append(f"{name} = {literal}")
            if layout != "C":
                lines.append(f"# the suite passed {name} as a view with strides {array.strides}; "
                             "here it is contiguous")
        if not writeable:
            lines.append(f"{name}.flags.writeable = False")
        return name + (".copy()" if shared and writeable else "")


def _argument(value: Any, arrays: _Arrays, lines: list[str]) -> str:
    return arrays.use(value, lines) if isinstance(value, np.ndarray) else repr(value)


Produced = tuple[int, int | None, Any]  # (log index, argument number or None for a result, value)


def _same(a: Any, b: Any) -> bool:
    return a is b or (isinstance(a, np.ndarray) and a.base is not None and a.base is b)


def _source(wanted: Any, values: np.ndarray | None, produced: list[Produced]) -> Produced | None:
    """Where `wanted` came from: the call or read that gave it (the very object or a view of it),
    or the call it was passed to; else (given its `values`) the latest result equal entry for entry."""
    for entry in reversed(produced):
        if _same(wanted, entry[2]):
            return entry
    if values is None:
        return None
    for entry in reversed(produced):
        try:
            seen = np.asarray(entry[2], dtype=values.dtype)
        except (TypeError, ValueError):
            continue
        if entry[1] is None and seen.size == values.size and np.array_equal(
                seen.reshape(values.shape), values, equal_nan=values.dtype.kind in "fc"):
            return entry
    return None


def prints_compared(compared: Comparison, produced: list[Produced], limit: int = STEP_LIMIT) -> bool:
    """Whether reproduce's snippet prints the compared value: a call it transcribes gave it."""
    source = _source(compared.got, compared.values, produced)
    return source is not None and source[0] < limit


def _as_compared(variable: str, source: Any, compared: Comparison) -> str:
    """`variable` turned into what the suite compared: reshaped and cast where the suite did."""
    shape, dtype = compared.values.shape, compared.values.dtype
    expression = variable if np.shape(source) == shape or compared.index is None \
        else f"np.reshape({variable}, {shape!r})"
    if np.asarray(source).dtype != dtype:
        expression = f"np.asarray({expression}, dtype={dtype.name!r})"
    return expression


def _printed(variable: str, source: Any, compared: Comparison) -> str:
    """The expression the snippet prints: the entry at the worst index, the shape, or ⟨got, v⟩."""
    value = _as_compared(variable, source, compared)
    if compared.statistic is not None:
        return compared.statistic.format(got=value)
    if compared.direction is not None:
        return f"float(np.sum(np.asarray({value}, dtype=np.float64) * v))"
    if compared.index is None:
        return f"np.shape({value})"
    return f"{value}[{', '.join(map(str, compared.index)) or '()'}]"


def _conclusion(compared: Comparison, got: Produced, other: Produced | None) -> list[str]:
    """The print of the compared value and the comments saying what the suite got and expected."""
    lines = []
    if other is not None:
        lines.append(f"print(repr({_printed('other', other[2], compared)}))  # the call {compared.name} "
                     "was compared with")
    if compared.direction is not None:
        lines.append(f"v = {_literal(compared.direction)}  # the direction the numeric check took")
    lines += [f"print(repr({_printed('got', got[2], compared)}))  # {compared.name}",
              f"# the suite got {compared.got_repr} ; it should be {compared.expected_repr}"]
    return lines


def _step(event: Any, position: int, bindings: dict[str, Any], roles: dict[int, str],
          arrays: _Arrays, lines: list[str], named: dict[tuple[int, int | None], str]) -> str:
    """One logged event as a statement; an argument or result the conclusion needs is named."""
    obj = f"obj{event.obj}"
    if event.kind == "new":
        roles[event.obj] = event.name
        binding = bindings[event.name]
        kwargs = {**binding.init_kwargs, **dict(event.kwargs)}
        args = [repr(a) for a in event.args] + [f"{k}={v!r}" for k, v in kwargs.items()]
        return f"{obj} = module.{binding.name}({', '.join(args)})"
    if event.kind == "set":
        return f"{obj}.{event.name} = {_argument(event.args[0], arrays, lines)}"
    step = f"{obj}.{event.name}"
    if event.kind == "call":
        args = []
        for number, value in enumerate(event.args):
            args.append(_argument(value, arrays, lines))
            if (position, number) in named:
                lines.append(f"{named[position, number]} = {args[-1]}")
                args[-1] = named[position, number]
        step += f"({', '.join(args + [f'{k}={v!r}' for k, v in event.kwargs])})"
    if (position, None) in named:
        return f"{named[position, None]} = {step}"
    role = roles.get(event.obj, "")
    returns = (event.kind == "call" and role in ("cce", "bce", "fused", "mse", "mae")
               and event.name == bindings[role].forward)
    return f"print({step})" if not named and (returns or event.kind == "get") else step


def reproduce(spec: str, bindings: dict[str, Any], log: list[Any], compared: Comparison | None = None,
              produced: list[Produced] | None = None, limit: int = STEP_LIMIT) -> str:
    """A snippet to paste into Python: load the target as the suite did, then the example's
    calls on the learner's own classes, in order, with its arguments in their memory layout,
    ending with a print of the value whose comparison failed and what it should be (the first
    `limit` steps; the rest are counted). Without a failed comparison it prints what each call
    read back; for a value no call gave, it says so."""
    produced = produced or []
    found = _source(compared.got, compared.values, produced) if compared is not None else None
    results = [entry for entry in produced if entry[1] is None]  # the other side is a call's result
    other = _source(compared.other, None, results) if compared is not None else None
    got = found if found is not None and found[0] < limit else None
    other = other if got is not None and other is not None and other[0] < limit else None
    named = {(entry[0], entry[1]): name for entry, name in ((got, "got"), (other, "other")) if entry}
    lines = ["import numpy as np", "from backprop_spec.properties.target.loading import load",
             f"module = load({spec!r}).module"]
    if any(event.kind == "new" and event.name == "dropout" for event in log[:limit]):
        lines.append(f"np.random.seed({EXAMPLE_SEED})  # as the suite seeded it: a mask drawn with "
                     "np.random is the suite's (from another generator it differs, and so may "
                     "the values)")
    arrays, roles = _Arrays(log[:limit]), dict[int, str]()
    for position, event in enumerate(log[:limit]):
        if event.kind != "get" or not named or (position, None) in named:
            lines.append(_step(event, position, bindings, roles, arrays, lines, named))
    if len(log) > limit:
        lines.append(f"# … and {len(log) - limit} further steps of the same example, not shown")
    if compared is not None and got is not None:
        lines += _conclusion(compared, got, other)
    elif compared is not None:
        how = ("a value from a step not shown" if found is not None else
               "a value it computed from these calls (no call returned it)")
        lines.append(f"# the suite compared {compared.name}, {how}: it got {compared.got_repr} ; "
                     f"it should be {compared.expected_repr}")
    return "\n".join(lines)
