"""The notes' chains of equalities for Dense (§二), ReLU (§二 ReLu), Sigmoid (§五) and BCE, step
by step, and CHAINS: every chain in the notes, Softmax and CCE included.

Each step is the notes' text and its literal SymPy reading; symbolic.chains checks every step
equal to the one before it and each recorded erratum really wrong.
"""

from __future__ import annotations

import sympy as sp

from backprop_spec.spec import operations as ops
from backprop_spec.spec.derivations_softmax_cce import SOFTMAX_CCE_CHAINS
from backprop_spec.spec.records import BCE, DENSE, RELU, SIGMOID, DerivationChain, DerivationStep, Erratum

D = sp.Derivative
loss_fn = sp.Function("f")  # the rest of the network: loss = f(y)


def _dense_line(variable: str) -> DerivationChain:
    """The notes' scalar chain rule ∂loss/∂v = dvalue · ∂y/∂v for y = wx + b, v in {w, x, b}."""
    w, x, b, u = sp.symbols("w x b u", real=True)
    output = w * x + b
    dvalue = sp.Subs(D(loss_fn(u), u), u, output)  # ∂loss/∂y at y = wx + b
    v, local = {"w": (w, x), "x": (x, w), "b": (b, sp.Integer(1))}[variable]
    steps = (
        DerivationStep(f"∂loss/∂{variable}", D(loss_fn(output), v)),
        DerivationStep(f"= ∂loss/∂y · ∂y/∂{variable} = dvalue · ∂y/∂{variable}",
                       dvalue * D(output, v)),
        DerivationStep(f"= dvalue * {local}", dvalue * local),
    )
    return DerivationChain(
        f"Dense ∂loss/∂{variable}", DENSE, "general: one scalar entry of y = wx + b",
        "loss = f(y), f differentiable; the matrix form is the Dense gradient proof",
        D(loss_fn(output), v).doit(), steps,
    )


def _relu_line() -> DerivationChain:
    """∂loss/∂x = dvalue · dy/dx = {dvalue if x > 0; 0 if x < 0}, off the kink."""
    x, g = sp.Symbol("x", real=True), sp.Symbol("dvalue", real=True)
    x_pos, x_neg = sp.Symbol("x_pos", positive=True), sp.Symbol("x_neg", negative=True)
    steps = (
        DerivationStep("∂loss/∂x = ∂loss/∂y · ∂y/∂x", g * D(ops.relu(x), x)),
        DerivationStep("= {dvalue, x > 0; 0, x < 0}", sp.Piecewise((g, x > 0), (0, x < 0))),
    )
    return DerivationChain(
        "ReLU ∂loss/∂x", RELU, "general, x ≠ 0 (both sides of the kink)",
        "dvalue = ∂loss/∂y; x = 0 is the kink, see spec.operations.RELU_*",
        g * D(ops.relu(x), x).doit(), steps, cases=({x: x_pos}, {x: x_neg}),
    )


def _sigmoid() -> DerivationChain:
    """The notes' long chain σ' = … = σ(1 − σ); every line holds."""
    z = sp.Symbol("z", real=True)
    e = sp.exp(-z)
    one_plus = 1 + e
    texts_and_exprs = (
        ("d/dz [1/(1 + e^{−z})]", D(1 / one_plus, z)),
        ("= d/dz (1 + e^{−z})^{−1}", D(one_plus**-1, z)),
        ("= −1·(1 + e^{−z})^{−1−1} · d/dz (1 + e^{−z})", -1 * one_plus ** (-1 - 1) * D(one_plus, z)),
        ("= −(1 + e^{−z})^{−2} · (d/dz 1 + d/dz e^{−z})",
         -(one_plus**-2) * (D(sp.Integer(1), z) + D(e, z))),
        ("= −(1 + e^{−z})^{−2} · (0 + e^{−z} · d/dz[−z])", -(one_plus**-2) * (0 + e * D(-z, z))),
        ("= −(1 + e^{−z})^{−2} · (e^{−z} · (−1 · d/dz z))", -(one_plus**-2) * (e * (-1 * D(z, z)))),
        ("= −(1 + e^{−z})^{−2} · (e^{−z} · (−1))", -(one_plus**-2) * (e * -1)),
        ("= −(1 + e^{−z})^{−2} · (−e^{−z})", -(one_plus**-2) * (-e)),
        ("= (1 + e^{−z})^{−2} · e^{−z}", one_plus**-2 * e),
        ("= e^{−z} / (1 + e^{−z})²", e / one_plus**2),
        ("= e^{−z} / ((1 + e^{−z})(1 + e^{−z}))", e / (one_plus * one_plus)),
        ("= 1/(1 + e^{−z}) · e^{−z}/(1 + e^{−z})", 1 / one_plus * (e / one_plus)),
        ("= 1/(1 + e^{−z}) · (1 + e^{−z} − 1)/(1 + e^{−z})", 1 / one_plus * ((one_plus - 1) / one_plus)),
        ("= 1/(1 + e^{−z}) · ((1 + e^{−z})/(1 + e^{−z}) − 1/(1 + e^{−z}))",
         1 / one_plus * (one_plus / one_plus - 1 / one_plus)),
        ("= 1/(1 + e^{−z}) · (1 − 1/(1 + e^{−z}))", 1 / one_plus * (1 - 1 / one_plus)),
        ("= σ·(1 − σ)", ops.sigmoid_closed_form(ops.sigmoid(z))),
    )
    steps = tuple(DerivationStep(text, expr) for text, expr in texts_and_exprs)
    return DerivationChain("sigmoid σ'", SIGMOID, "general: any real z", "z real",
                           D(ops.sigmoid(z), z).doit(), steps)


def _sigmoid_loss_line() -> DerivationChain:
    """∂loss/∂z_ik = {∂loss/∂σ_ij·∂σ_ij/∂z_ik if j = k; 0 if j ≠ k}: the j ≠ k case is wrong."""
    z_1, z_2 = sp.symbols("z_1 z_2", real=True)
    g_1, g_2 = sp.symbols("g_1 g_2", real=True)  # ∂loss/∂σ_ij
    loss = g_1 * ops.sigmoid(z_1) + g_2 * ops.sigmoid(z_2)
    truth = sp.diff(loss, z_2)
    zero_case = Erratum(
        SIGMOID,
        "∂loss/∂z_ik = 0 for j ≠ k",
        "∂loss/∂z_ik = Σ_j ∂loss/∂σ_ij·∂σ_ij/∂z_ik = ∂loss/∂σ_ik·σ_ik(1 − σ_ik); "
        "the j ≠ k terms of that sum are 0",
        "the case split describes the terms of the chain-rule sum, not ∂loss/∂z_ik itself.",
        notes_expr=sp.Integer(0),
        corrected_expr=truth,
    )
    steps = (
        DerivationStep("∂loss/∂z_ik", D(loss, z_2)),
        DerivationStep(zero_case.notes_text, sp.Integer(0), zero_case),
    )
    return DerivationChain(
        "sigmoid backward ∂loss/∂z_ik", SIGMOID, "J = 2 outputs, k = 2, j = 1",
        "g_j = ∂loss/∂σ_ij", truth, steps,
    )


def _bce_element() -> DerivationChain:
    """∂L_ij/∂ŷ_ij = −(y/ŷ − (1 − y)/(1 − ŷ)); every line holds."""
    p, y = sp.Symbol("ŷ", positive=True), sp.Symbol("y", real=True)
    loss = ops.bce_element_loss(p, y)
    texts_and_exprs = (
        ("∂/∂ŷ [−y·log(ŷ) − (1 − y)·log(1 − ŷ)]", D(loss, p)),
        ("= ∂/∂ŷ [−y·log(ŷ)] + ∂/∂ŷ [−(1 − y)·log(1 − ŷ)]",
         D(-y * sp.log(p), p) + D(-(1 - y) * sp.log(1 - p), p)),
        ("= −y·∂/∂ŷ log(ŷ) − (1 − y)·∂/∂ŷ log(1 − ŷ)",
         -y * D(sp.log(p), p) - (1 - y) * D(sp.log(1 - p), p)),
        ("= −y·1/ŷ·∂ŷ/∂ŷ − (1 − y)·1/(1 − ŷ)·∂/∂ŷ [1 − ŷ]",
         -y / p * D(p, p) - (1 - y) / (1 - p) * D(1 - p, p)),
        ("= −y·1/ŷ·1 − (1 − y)·1/(1 − ŷ)·(∂/∂ŷ 1 − ∂ŷ/∂ŷ)",
         -y / p * 1 - (1 - y) / (1 - p) * (D(sp.Integer(1), p) - D(p, p))),
        ("= −y·1/ŷ·1 − (1 − y)·1/(1 − ŷ)·(0 − 1)", -y / p - (1 - y) / (1 - p) * (0 - 1)),
        ("= −y/ŷ + (1 − y)/(1 − ŷ)", -y / p + (1 - y) / (1 - p)),
        ("= −(y/ŷ − (1 − y)/(1 − ŷ))", -(y / p - (1 - y) / (1 - p))),
    )
    steps = tuple(DerivationStep(text, expr) for text, expr in texts_and_exprs)
    return DerivationChain("BCE ∂L_ij/∂ŷ_ij", BCE, "general: scalar ŷ, y", "0 < ŷ < 1, y real",
                           D(loss, p).doit(), steps)


def _bce_mean() -> DerivationChain:
    """∂L_i/∂L_ij = 1/J, and ∂L_i/∂ŷ_ij = −(1/J)(y/ŷ − (1 − y)/(1 − ŷ)); general in J and n."""
    p0, q0, more_rows, more_outputs = sp.symbols("p0 q0 r s", integer=True, nonnegative=True)
    i, j = sp.symbols("i j", integer=True)
    p, q = p0 + 1, q0 + 1  # sample p of n, output q of J
    n, outputs = p + more_rows, q + more_outputs
    element = sp.IndexedBase("L")
    sample_loss = sp.Sum(element[p, j], (j, 1, outputs)) / outputs
    wrong_sum = Erratum(
        BCE,
        "∂/∂L_ij [1/J Σ_i L_ij]",
        "∂/∂L_ij [1/J Σ_j L_ij] (L_i is the mean over the J outputs j of sample i)",
        "Σ_i sums over samples; L_i = (1/J) Σ_j L_ij. The derivative is 1/J either way.",
        notes_expr=sp.Sum(element[i, q], (i, 1, n)) / outputs,
        corrected_expr=sample_loss,
    )
    steps = (
        DerivationStep("∂L_i/∂L_ij", D(sample_loss, element[p, q])),
        DerivationStep(wrong_sum.notes_text,
                       D(sp.Sum(element[i, q], (i, 1, n)) / outputs, element[p, q]),
                       typo=wrong_sum),
        DerivationStep("= 1/J · ∂L_ij/∂L_ij", 1 / outputs * D(element[p, q], element[p, q])),
        DerivationStep("= 1/J · 1 = 1/J", 1 / outputs),
    )
    return DerivationChain(
        "BCE ∂L_i/∂L_ij", BCE, "general: any J ≥ 1 outputs, any n ≥ 1 samples",
        "L_i = (1/J) Σ_j L_ij", D(sample_loss, element[p, q]).doit().doit(), steps,
    )


def _bce_sample() -> DerivationChain:
    """∂L_i/∂ŷ_ij = ∂L_i/∂L_ij · ∂L_ij/∂ŷ_ij: here one ŷ_ij feeds one L_ij, so no sum is lost."""
    q0, more = sp.symbols("q0 s", integer=True, nonnegative=True)
    j = sp.Symbol("j", integer=True)
    q, outputs = q0 + 1, q0 + 1 + more
    y, y_hat = sp.IndexedBase("y", real=True), sp.IndexedBase("ŷ", positive=True)
    sample_loss = sp.Sum(ops.bce_element_loss(y_hat[j], y[j]), (j, 1, outputs)) / outputs
    p, t = y_hat[q], y[q]
    closed = -(t / p - (1 - t) / (1 - p))
    steps = (
        DerivationStep("∂L_i/∂ŷ_ij", D(sample_loss, p)),
        DerivationStep("= ∂L_i/∂L_ij · ∂L_ij/∂ŷ_ij", 1 / outputs * D(ops.bce_element_loss(p, t), p)),
        DerivationStep("= 1/J · (−(y/ŷ − (1 − y)/(1 − ŷ)))", 1 / outputs * closed),
        DerivationStep("= −1/J · (y/ŷ − (1 − y)/(1 − ŷ))", -1 / outputs * (t / p - (1 - t) / (1 - p))),
    )
    return DerivationChain(
        "BCE ∂L_i/∂ŷ_ij", BCE, "general: any J ≥ 1 outputs", "0 < ŷ < 1",
        D(sample_loss, p).doit().doit(), steps,
    )


CHAINS: tuple[DerivationChain, ...] = (
    _dense_line("w"),
    _dense_line("x"),
    _dense_line("b"),
    _relu_line(),
    *SOFTMAX_CCE_CHAINS,
    _sigmoid(),
    _sigmoid_loss_line(),
    _bce_element(),
    _bce_mean(),
    _bce_sample(),
)
