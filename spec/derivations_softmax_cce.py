"""The notes' chains of equalities for Softmax (§三 › Softmax) and CCE (§三), step by step.

General in the number of classes: a sum Σ_l e^{z_l} is written as the terms that depend on the
differentiation variables plus a remainder R ≥ 0 that does not (R = 0 when no other class is
left). The CCE chain keeps the notes' Σ_j as a SymPy Sum over 1..c with c ≥ k ≥ 1 symbolic.
"""

from __future__ import annotations

import sympy as sp

from backprop_spec.spec.records import CCE, SOFTMAX, DerivationChain, DerivationStep, Erratum

D = sp.Derivative
z_j, z_k, z_l = sp.symbols("z_j z_k z_l", real=True)
rest = sp.Symbol("R", nonnegative=True)  # Σ over the classes other than j and k
_DELTA_NOTE = "with T = Σ_l e^{z_l} = e^{z_k} + R, R independent of z_k (j = k)"


def _softmax_same_index() -> DerivationChain:
    """∂S_j/∂z_k for j = k: the notes' four lines, with their two slips."""
    e_k, total = sp.exp(z_k), sp.exp(z_k) + rest
    s_k = e_k / total
    correct_quotient_rule = (D(e_k, z_k) * total - e_k * D(total, z_k)) / total**2
    free_index = Erratum(
        SOFTMAX,
        "∂S_ij/∂z_ik = [∂e^{z_ij}/∂z_ik · Σ e^{z_il} − e^{z_i,l} · ∂Σ e^{z_il}/∂z_ik] / [Σ e^{z_il}]²",
        "the subtracted term is e^{z_ij} · ∂Σ e^{z_il}/∂z_ik (quotient rule: numerator e^{z_ij})",
        "e^{z_i,l} leaves l free outside the sum; the quotient rule needs the numerator e^{z_ij}.",
        notes_expr=(D(e_k, z_k) * total - sp.exp(z_l) * D(total, z_k)).doit() / total**2,
        corrected_expr=correct_quotient_rule.doit(),
    )
    squared_rest = Erratum(
        SOFTMAX,
        "= [e^{z_ij}·Σ e^{z_il} − e^{z_ij}·e^{z_ik}] / [Σ e^{z_il} − e^{z_ik}]²",
        "= [e^{z_ij}·Σ e^{z_il} − e^{z_ij}·e^{z_ik}] / [Σ e^{z_il}]²",
        "the denominator is the square of the full sum, as on the line before and the line after.",
        notes_expr=(e_k * total - e_k * e_k) / (total - e_k) ** 2,
        corrected_expr=(e_k * total - e_k * e_k) / total**2,
    )
    steps = (
        DerivationStep("∂/∂z_ik [e^{z_ij} / Σ_l e^{z_il}]", D(s_k, z_k)),
        DerivationStep(free_index.notes_text, free_index.notes_expr, free_index),
        DerivationStep(squared_rest.notes_text, squared_rest.notes_expr, squared_rest),
        DerivationStep(
            "= e^{z_ij}·(Σ e^{z_il} − e^{z_ik}) / (Σ e^{z_il} · Σ e^{z_il})",
            e_k * (total - e_k) / (total * total),
        ),
        DerivationStep(
            "= e^{z_ij}/Σ e^{z_il} · (Σ e^{z_il} − e^{z_ik})/Σ e^{z_il}",
            e_k / total * ((total - e_k) / total),
        ),
        DerivationStep(
            "= e^{z_ij}/Σ e^{z_il} · (Σ e^{z_il}/Σ e^{z_il} − e^{z_ik}/Σ e^{z_il})",
            e_k / total * (total / total - e_k / total),
        ),
        DerivationStep("= S_ij·(1 − S_ik)", s_k * (1 - s_k)),
    )
    return DerivationChain(
        "softmax ∂S_ij/∂z_ik, j = k", SOFTMAX, "general: any number of classes",
        _DELTA_NOTE, D(s_k, z_k).doit(), steps,
    )


def _softmax_other_index() -> DerivationChain:
    """∂S_j/∂z_k for j ≠ k: the notes' single line, correct throughout."""
    e_j, e_k = sp.exp(z_j), sp.exp(z_k)
    total = e_j + e_k + rest
    s_j, s_k = e_j / total, e_k / total
    steps = (
        DerivationStep("∂/∂z_ik [e^{z_ij} / Σ_l e^{z_il}]", D(s_j, z_k)),
        DerivationStep(
            "= [∂e^{z_ij}/∂z_ik · Σ e^{z_il} − e^{z_ij} · ∂Σ e^{z_il}/∂z_ik] / [Σ e^{z_il}]²",
            (D(e_j, z_k) * total - e_j * D(total, z_k)) / total**2,
        ),
        DerivationStep(
            "= [0·Σ e^{z_il} − e^{z_ij}·e^{z_ik}] / [Σ e^{z_il}]²",
            (0 * total - e_j * e_k) / total**2,
        ),
        DerivationStep("= −e^{z_ij}·e^{z_ik} / [Σ e^{z_il}]²", -e_j * e_k / total**2),
        DerivationStep(
            "= −e^{z_ij}·e^{z_ik} / (Σ e^{z_il} · Σ e^{z_il})", -e_j * e_k / (total * total)
        ),
        DerivationStep("= −S_ij·S_ik", -s_j * s_k),
    )
    return DerivationChain(
        "softmax ∂S_ij/∂z_ik, j ≠ k", SOFTMAX, "general: any number of classes ≥ 2",
        "T = e^{z_j} + e^{z_k} + R, R independent of z_j and z_k (j ≠ k)",
        D(s_j, z_k).doit(), steps,
    )


def _softmax_loss_line() -> DerivationChain:
    """∂loss/∂z_ik = ∂loss/∂S_ij · ∂S_ij/∂z_ik: the chain rule with its sum over j lost."""
    logits = sp.symbols("z_1:4", real=True)
    upstream = sp.symbols("g_1:4", real=True)  # g_j = ∂loss/∂S_ij, fixed by the later layers
    total = sp.Add(*(sp.exp(v) for v in logits))
    s = [sp.exp(v) / total for v in logits]
    loss = sp.Add(*(g * sj for g, sj in zip(upstream, s, strict=True)))
    k, j = 0, 1
    truth = sp.diff(loss, logits[k])
    one_term = upstream[j] * sp.diff(s[j], logits[k])
    lost_sum = Erratum(
        SOFTMAX,
        "∂loss/∂z_ik = ∂loss/∂S_ij · ∂S_ij/∂z_ik",
        "∂loss/∂z_ik = Σ_j ∂loss/∂S_ij · ∂S_ij/∂z_ik (the code's jacobian_matrix · dvalue)",
        "z_ik reaches the loss through every S_ij, so the chain rule sums over j.",
        notes_expr=one_term,
        corrected_expr=truth,
    )
    steps = (
        DerivationStep("∂loss/∂z_ik", D(loss, logits[k])),
        DerivationStep(lost_sum.notes_text, one_term, lost_sum),
    )
    return DerivationChain(
        "softmax backward ∂loss/∂z_ik", SOFTMAX, "c = 3 classes, k = 1, j = 2",
        "loss differentiable in S; g_j = ∂loss/∂S_ij", truth, steps,
    )


def _cce() -> DerivationChain:
    """∂L_i/∂ŷ_ik: the notes differentiate w.r.t. the summation index, then drop the sum."""
    k0, more = sp.symbols("k0 m", integer=True, nonnegative=True)
    j = sp.Symbol("j", integer=True)
    k, classes = k0 + 1, k0 + 1 + more  # 1 ≤ k ≤ c for any c
    y, y_hat = sp.IndexedBase("y", real=True), sp.IndexedBase("ŷ", positive=True)
    loss = -sp.Sum(y[j] * sp.log(y_hat[j]), (j, 1, classes))
    truth = D(loss, y_hat[k]).doit().doit()
    bound_index = Erratum(
        CCE,
        "= −Σ_j y_ij · ∂/∂ŷ_ij log(ŷ_ij)",
        "= −Σ_j y_ij · δ_jk/ŷ_ij = −y_ik/ŷ_ik (name the variable ŷ_ik, apart from the summed j)",
        "the variable ŷ_ij reuses the summation index j: only the term j = k depends on it, "
        "so the derivative needs a Kronecker delta, which the notes' sum lacks.",
        notes_expr=-sp.Sum(y[j] / y_hat[j], (j, 1, classes)),
        corrected_expr=-sp.Sum(y[j] * sp.KroneckerDelta(j, k) / y_hat[j], (j, 1, classes)).doit(),
    )
    dropped_sum = Erratum(
        CCE,
        "−Σ_j y_ij/ŷ_ij = −y_ij/ŷ_ij",
        "−Σ_j y_ij δ_jk/ŷ_ij = −y_ik/ŷ_ik",
        "the last equality drops the sum: it only holds when every other term y_ij/ŷ_ij is 0. "
        "The two slips cancel, so the result is right.",
        notes_expr=-sp.Sum(y[j] / y_hat[j], (j, 1, classes)),
        corrected_expr=truth,
    )
    steps = (
        DerivationStep("∂/∂ŷ_ij [−Σ_j y_ij log(ŷ_ij)]", D(loss, y_hat[k])),
        DerivationStep(
            bound_index.notes_text,
            -sp.Sum(y[j] * D(sp.log(y_hat[j]), y_hat[j]), (j, 1, classes)),
            bound_index,
        ),
        DerivationStep(
            "= −Σ_j y_ij · 1/ŷ_ij · ∂ŷ_ij/∂ŷ_ij",
            -sp.Sum(y[j] / y_hat[j] * D(y_hat[j], y_hat[j]), (j, 1, classes)),
        ),
        DerivationStep("= −Σ_j y_ij · 1/ŷ_ij · 1", -sp.Sum(y[j] * (1 / y_hat[j]), (j, 1, classes))),
        DerivationStep("= −Σ_j y_ij/ŷ_ij", -sp.Sum(y[j] / y_hat[j], (j, 1, classes))),
        DerivationStep("= −y_ij/ŷ_ij", -y[k] / y_hat[k], dropped_sum),
    )
    return DerivationChain(
        "CCE ∂L_i/∂ŷ_ij", CCE, "general: any number of classes c ≥ 1, any 1 ≤ k ≤ c",
        "ŷ_ij > 0; y_ij any real labels", truth, steps,
    )


def _softmax_delta_form() -> DerivationChain:
    """The summary S_j(δ_jk − S_k) = S_j δ_jk − S_j S_k, checked against both cases."""
    j, k = sp.symbols("j k", integer=True)
    s_j, s_k = sp.symbols("S_j S_k", positive=True)
    delta = sp.KroneckerDelta(j, k)
    truth = sp.Piecewise((s_j * (1 - s_k), sp.Eq(j, k)), (-s_j * s_k, True))
    steps = (
        DerivationStep("{S_ij(1 − S_ik) if j = k; −S_ij·S_ik if j ≠ k}", truth),
        DerivationStep("= {S_ij(1 − S_ik) if j = k; S_ij(0 − S_ik) if j ≠ k}",
                       sp.Piecewise((s_j * (1 - s_k), sp.Eq(j, k)), (s_j * (0 - s_k), True))),
        DerivationStep("= S_ij·(δ_jk − S_ik)", s_j * (delta - s_k)),
        DerivationStep("= S_ij δ_jk − S_ij S_ik", s_j * delta - s_j * s_k),
    )
    return DerivationChain(
        "softmax Jacobian, δ form", SOFTMAX, "general: symbolic indices j, k; both cases",
        "S_ij, S_ik the softmax outputs", truth, steps, cases=({k: j}, {k: j + 1}),
    )


SOFTMAX_CCE_CHAINS = (
    _softmax_same_index(),
    _softmax_other_index(),
    _softmax_delta_form(),
    _softmax_loss_line(),
    _cce(),
)
