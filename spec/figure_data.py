"""The data behind SPEC.md's figures, and the figures as SVG text.

Values are computed with mpmath (SymPy's own arbitrary-precision dependency) rounded to double,
not with NumPy's exp, whose last bit varies between CPUs' SIMD loops: the figures are the same
file on every machine.
"""

from __future__ import annotations

from collections.abc import Mapping

import mpmath
import numpy as np

from backprop_spec.spec import svg

FIGURE_DIR = "spec/figures"
STEP_SIZE_SVG = f"{FIGURE_DIR}/step_size.svg"
SOFTMAX_UNDERFLOW_SVG = f"{FIGURE_DIR}/softmax_underflow.svg"
EPS = float(np.finfo(np.float64).eps)
X0 = 1.0  # the figure differentiates e^x at x = 1, where f = f' = f''' = e
STEPS = [10.0 ** (-k / 8) for k in range(8, 129)]  # h from 1e-1 down to 1e-16
ERROR_FLOOR, ERROR_CEILING = 1e-18, 1e2


def _exp(x: float) -> float:
    """e^x correctly rounded to double."""
    with mpmath.workprec(53):
        return float(mpmath.exp(mpmath.mpf(x)))


def _central(h: float) -> float:
    return (_exp(X0 + h) - _exp(X0 - h)) / (2 * h)


def _relative_error(estimate: float) -> float:
    """|estimate − e| / e, exactly (113 bits), kept inside the plotted range."""
    with mpmath.workprec(113):
        error = float(abs(mpmath.mpf(estimate) - mpmath.e) / mpmath.e)
    return min(max(error, ERROR_FLOOR), ERROR_CEILING)


def step_errors(h: float) -> tuple[float, float, float]:
    """Relative errors of d/dx e^x at 1 by plain central difference, Richardson extrapolation
    (4·D(h/2) − D(h))/3 and the complex step Im e^(1 + ih)/h = fl(fl(e)·fl(sin h))/h."""
    richardson = (4 * _central(h / 2) - _central(h)) / 3
    with mpmath.workprec(53):
        sine = float(mpmath.sin(mpmath.mpf(h)))
    complex_step = _exp(X0) * sine / h
    return (_relative_error(_central(h)), _relative_error(richardson),
            _relative_error(complex_step))


def step_size_figure() -> str:
    rows = [step_errors(h) for h in STEPS]
    names = ("central difference", "Richardson (h, h/2)", "complex step")
    colours = ("#1f77b4", "#d62728", "#2ca02c")
    series = [svg.Series(name, [(h, row[i]) for h, row in zip(STEPS, rows)], colour,
                         dashed=name == "complex step")
              for i, (name, colour) in enumerate(zip(names, colours))]
    return svg.line_plot(
        "Relative error of d/dx e^x at x = 1 against the step h",
        svg.Axis("step h", -16, -1, range(-16, 0, 2), log=True),
        svg.Axis("relative error", -18, 2, range(-18, 3, 3), log=True),
        series,
        [svg.Marker(EPS ** (1 / 3), "ε^(1/3)"), svg.Marker(EPS ** (1 / 5), "ε^(1/5)")],
        legend=(0.03, 0.55),
    )


def smallest_softmax_output(gap: float, dtype: type) -> float:
    """1/(1 + e^gap), the smaller output of softmax([gap, 0]), rounded to `dtype`."""
    with mpmath.workprec(80):
        exact = 1 / (1 + mpmath.exp(mpmath.mpf(gap)))
    return float(dtype(float(exact)))


def softmax_underflow_figure(measured: Mapping[str, tuple[float, float]]) -> str:
    """Smallest output against the logit gap; `measured` maps a dtype name to impl/'s (subnormal,
    zero) gaps, drawn as markers at 0.1 resolution."""
    gaps = [float(g) for g in range(0, 801, 4)]
    series = []
    for dtype, colour in ((np.float64, "#1f77b4"), (np.float32, "#d62728")):
        points = [(g, v) for g in gaps if (v := smallest_softmax_output(g, dtype)) > 0]
        series.append(svg.Series(np.dtype(dtype).name, points, colour, dashed=dtype is np.float32))
    markers = [svg.Marker(round(gap, 1), f"{round(gap, 1):g}", row)
               for subnormal_and_zero in measured.values()
               for row, gap in enumerate(subnormal_and_zero)]
    return svg.line_plot(
        "Smallest softmax output of [gap, 0]; vertical lines: impl/ subnormal from, 0 from",
        svg.Axis("logit gap", 0, 800, list(range(0, 801, 100))),
        svg.Axis("smallest output", -330, 0, range(-300, 1, 50), log=True),
        series, markers, legend=(0.75, 0.05),
    )


def render_figures(measured: Mapping[str, tuple[float, float]]) -> dict[str, str]:
    """{path: SVG text} for both figures."""
    return {STEP_SIZE_SVG: step_size_figure(), SOFTMAX_UNDERFLOW_SVG: softmax_underflow_figure(measured)}
