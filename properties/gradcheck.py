"""Vector–Jacobian checks that the properties share: a claimed backward u = Jᵀg must satisfy
⟨u, v⟩ = d/dt ⟨g, f(x + t·v)⟩ for every direction v. Central differences (Richardson) of the
target's own forward reach ~1e-11 relative; the complex step on SymPy's forward ~1e-16, so a
gradient wrong by a relative 1e-7 is caught. Each comparison allows the estimate's error bound
plus the rounding the claimed gradient itself may carry (`claimed_atol`, per entry)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

from properties import verdict
from properties.numeric import (
    Estimate,
    central_directional,
    complex_step_directional,
    subgradient_interval,
)

Forward = Callable[[np.ndarray], np.ndarray]


def _directions(claimed: np.ndarray, rng: np.random.Generator) -> list[np.ndarray]:
    """A Gaussian direction (every entry matters; a wrong entry cancels only on a measure-zero
    set of directions) and the basis vector at the largest |u_i| (checked on its own, so it
    cannot hide behind the others' rounding)."""
    basis = np.zeros(claimed.shape)
    basis[np.unravel_index(np.argmax(np.abs(claimed)), claimed.shape)] = 1.0
    return [rng.standard_normal(claimed.shape), basis]


def _compare(estimate: Estimate, claimed: np.ndarray, claimed_atol: np.ndarray,
             where: str, source: str, forward_noise: float = 0.0) -> None:
    v = estimate.direction
    inner = float(np.sum(claimed * v))
    terms = np.abs(claimed * v)
    # forward noise beyond numeric's model enters a difference quotient as ~6·noise/step
    allowed = (estimate.error_bound + float(np.sum(np.abs(v) * claimed_atol))
               + claimed.size * np.finfo(np.float64).eps * float(np.sum(terms))
               + 4 * 6 * forward_noise / estimate.step)
    diff = abs(inner - estimate.value)
    verdict.observe(diff / allowed if allowed > 0 else (0.0 if diff == 0 else np.inf))
    if not diff <= allowed:
        worst = np.unravel_index(np.argmax(terms), claimed.shape)
        raise AssertionError(
            f"⟨backward, v⟩={inner!r}, but the {source} derivative is {estimate.value!r} [{where}]\n"
            f"  abs diff {diff:.3g}, rel diff {diff / max(abs(estimate.value), 1e-300):.3g}, "
            f"allowed {allowed:.3g}\n"
            f"  tolerance: the {estimate.method} estimate's error bound {estimate.error_bound:.3g} "
            f"(step {estimate.step:.3g}) plus the claimed gradient's own rounding\n"
            f"  largest term of ⟨backward, v⟩ at index {tuple(int(i) for i in worst)}")


def numeric_vjp_matches(forward: Forward, x: np.ndarray, g: np.ndarray, claimed: np.ndarray, *,
                        reference: Forward | None, where: str, data: st.DataObject,
                        claimed_atol: np.ndarray | float = 0.0, forward_noise: float = 0.0) -> None:
    """`claimed` equals Jᵀg of the target's `forward` at x (central differences, float64) and,
    when SymPy's `reference` forward is given, of that too (complex step). `forward_noise` is
    an absolute rounding bound of ⟨g, forward(x)⟩ for forwards less accurate than 8 ulps of
    their value (an ill-conditioned composition such as −log S at S ≈ 1)."""
    seed = data.draw(st.integers(0, 2**32 - 1), label="direction seed")
    x64 = np.asarray(x, dtype=np.float64)
    claimed64 = np.asarray(claimed, dtype=np.float64)
    if claimed64.shape != x64.shape:
        raise AssertionError(f"the gradient has shape {claimed64.shape}, but should have the "
                             f"shape of its argument {x64.shape} [{where}]")
    atol = np.broadcast_to(np.asarray(claimed_atol, dtype=np.float64), x64.shape)
    for v in _directions(claimed64, np.random.default_rng(seed)):
        _compare(central_directional(forward, x64, v, g), claimed64, atol, where,
                 "central-difference", forward_noise)
        if reference is not None:
            _compare(complex_step_directional(reference, x64, v, g), claimed64, atol, where,
                     "complex-step")


def numeric_subgradient_contains(forward: Forward, x: np.ndarray, g: np.ndarray,
                                 claimed: np.ndarray, index: tuple[int, ...], where: str) -> None:
    """At a kink of the target's own forward, the claimed ∂⟨g, f⟩/∂x[index] lies between the
    one-sided derivatives along that basis direction (the subgradient interval, measured by
    second-order one-sided differences), widened by their error bound."""
    v = np.zeros(np.shape(x))
    v[index] = 1.0
    low, high, bound = subgradient_interval(forward, x, v, g)
    value = float(np.asarray(claimed, dtype=np.float64)[index])
    allowed = (low - bound, high + bound)
    verdict.observe(0.0 if allowed[0] <= value <= allowed[1] else float("inf"))
    if not allowed[0] <= value <= allowed[1]:
        raise AssertionError(
            f"dinput={value!r} at index {index}, but should lie in the subgradient interval "
            f"[{low!r}, {high!r}] of the target's own forward [{where}]\n"
            f"  tolerance: the one-sided differences' error bound {bound:.3g}")


def subgradient_choice(ratio: np.ndarray) -> str:
    """Name the subgradient a target picked at ReLU's kink from dinput/dvalue there."""
    if np.all(ratio == 1):
        return "passes the gradient at 0 (derivative 1, the notes' mask input < 0)"
    if np.all(ratio == 0):
        return "blocks the gradient at 0 (derivative 0, like PyTorch and the book)"
    return f"takes values {sorted(set(np.round(ratio, 6).tolist()))} in [0, 1] at 0"
