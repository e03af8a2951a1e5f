"""The numeric references (symbolic.references) against values worked out by hand, at extreme
logits, and against complex-step derivatives of their own forwards."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_spec.symbolic import references as ref

LN2, LN3 = np.log(2.0), np.log(3.0)
STEP = 1e-30  # complex step: Im f(x + ih)/h = f'(x) with no cancellation error


def test_softmax_by_hand() -> None:
    """softmax([0, ln 2]) = [1, 2]/3; the VJP with G = [1, 0] is S_k(G_k − G·S) = [2/9, −2/9]."""
    z = np.array([[0.0, LN2]])
    np.testing.assert_allclose(ref.softmax_forward(z), [[1 / 3, 2 / 3]], rtol=1e-15)
    np.testing.assert_allclose(ref.softmax_vjp(z, np.array([[1.0, 0.0]])), [[2 / 9, -2 / 9]],
                               rtol=1e-14)


def test_softmax_at_large_logits() -> None:
    """Logits of ±1e3 give finite, exact probabilities: (1, 0), and (1/2, 1/2) when tied."""
    z = np.array([[1e3, -1e3], [1e3, 1e3], [-1e3, -1e3]])
    expected = [[1.0, 0.0], [0.5, 0.5], [0.5, 0.5]]
    np.testing.assert_array_equal(ref.softmax_forward(z), expected)
    assert np.isfinite(ref.softmax_vjp(z, np.ones_like(z))).all()


def test_sigmoid_by_hand() -> None:
    """σ(0) = 1/2, σ'(0) = 1/4; σ(ln 3) = 3/4, σ'(ln 3) = 3/16; at ±800, 1 and 0, slope 0."""
    z = np.array([[0.0, LN3, 800.0, -800.0]])
    np.testing.assert_allclose(ref.sigmoid_forward(z), [[0.5, 0.75, 1.0, 0.0]], rtol=1e-15)
    np.testing.assert_allclose(ref.sigmoid_vjp(z, np.ones_like(z)), [[0.25, 3 / 16, 0.0, 0.0]],
                               rtol=1e-15, atol=1e-300)


def test_relu_by_hand_and_its_kink() -> None:
    """relu(−1, 2) = (0, 2), gradient (0, G); at exactly 0 the VJP refuses (§二 ReLu kink)."""
    x = np.array([[-1.0, 2.0]])
    np.testing.assert_array_equal(ref.relu_forward(x), [[0.0, 2.0]])
    np.testing.assert_array_equal(ref.relu_vjp(x, np.array([[5.0, 7.0]])), [[0.0, 7.0]])
    with pytest.raises(ValueError, match="0"):
        ref.relu_vjp(np.array([[0.0, 1.0]]), np.ones((1, 2)))


def test_elementwise_references_take_any_shape() -> None:
    """ReLU and sigmoid are element-wise: 1-D and empty arrays work as the 2-D ones do."""
    np.testing.assert_array_equal(ref.relu_vjp(np.array([2.0, -1.0]), np.array([3.0, 3.0])),
                                  [3.0, 0.0])
    np.testing.assert_array_equal(ref.sigmoid_forward(np.array([0.0])), [0.5])
    assert ref.relu_vjp(np.zeros(0), np.zeros(0)).shape == (0,)


def test_cce_by_hand() -> None:
    """ŷ = (1/4, 3/4), y = (0, 1): loss −ln(3/4); mean-loss gradient (0, −4/3)/n for n = 2."""
    y_pred = np.array([[0.25, 0.75], [0.25, 0.75]])
    y = np.array([[0.0, 1.0], [0.0, 1.0]])
    np.testing.assert_allclose(ref.cce_forward(y_pred, y), [-np.log(0.75)] * 2, rtol=1e-15)
    np.testing.assert_allclose(ref.cce_grad(y_pred, y), [[0.0, -2 / 3]] * 2, rtol=1e-15)


def test_bce_by_hand() -> None:
    """ŷ = (1/2, 1/4), y = (1, 0): loss (ln 2 + ln(4/3))/2; gradient (−2, 4/3)/J with J = 2."""
    y_pred, y = np.array([[0.5, 0.25]]), np.array([[1.0, 0.0]])
    np.testing.assert_allclose(ref.bce_forward(y_pred, y), [(LN2 + np.log(4 / 3)) / 2],
                               rtol=1e-15)
    np.testing.assert_allclose(ref.bce_grad(y_pred, y), [[-1.0, 2 / 3]], rtol=1e-15)


def test_softmax_cce_by_hand() -> None:
    """z = (0, ln 2): S = (1/3, 2/3). y = (0, 1): loss −ln(2/3), gradient S − y = (1/3, −1/3);
    y = (1, 1), not summing to 1: gradient 2S − y = (−1/3, 1/3); the mean halves it for n = 2."""
    z = np.array([[0.0, LN2], [0.0, LN2]])
    y = np.array([[0.0, 1.0], [1.0, 1.0]])
    np.testing.assert_allclose(ref.softmax_cce_forward(z, y),
                               (-np.log(2 / 3) + -np.log(1 / 3) - np.log(2 / 3)) / 2, rtol=1e-15)
    np.testing.assert_allclose(ref.softmax_cce_grad(z, y), [[1 / 6, -1 / 6], [-1 / 6, 1 / 6]],
                               rtol=1e-14)


def test_softmax_cce_at_large_logits() -> None:
    """z = (1e3, −1e3), y = (0, 1): loss 2000 exactly in floats, gradient S − y = (1, −1)."""
    z, y = np.array([[1e3, -1e3]]), np.array([[0.0, 1.0]])
    assert ref.softmax_cce_forward(z, y) == 2000.0
    np.testing.assert_array_equal(ref.softmax_cce_grad(z, y), [[1.0, -1.0]])


def test_dense_by_hand() -> None:
    """X = [[1, 2], [3, 4]], W = [[1, 0], [2, 1]], b = (1, −1): output [[6, 1], [12, 3]];
    with G = [[1, 0], [0, 1]]: dX = G·Wᵀ = Wᵀ, dW = Xᵀ·G = Xᵀ, db = column sums = (1, 1)."""
    X, W = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 0.0], [2.0, 1.0]])
    b, G = np.array([[1.0, -1.0]]), np.eye(2)
    np.testing.assert_array_equal(ref.dense_forward(X, W, b), [[6.0, 1.0], [12.0, 3.0]])
    dX, dW, db = ref.dense_vjp(X, W, b, G)
    np.testing.assert_array_equal(dX, [[1.0, 2.0], [0.0, 1.0]])
    np.testing.assert_array_equal(dW, [[1.0, 3.0], [2.0, 4.0]])
    np.testing.assert_array_equal(db, [[1.0, 1.0]])


def _complex_step_jacobian(forward, z: np.ndarray) -> np.ndarray:
    """J[j, k] = ∂f_j/∂z_k of a one-row function, by complex step."""
    columns = []
    for k in range(z.shape[1]):
        shifted = z.astype(complex)
        shifted[0, k] += 1j * STEP
        columns.append(forward(shifted)[0].imag / STEP)
    return np.array(columns).T


def test_softmax_complex_step() -> None:
    """Im softmax(z + ih·e_k)/h, column k of the Jacobian, equals the VJP with G = e_j."""
    z = np.array([[0.3, -1.2, 2.0, 0.0]])
    by_step = _complex_step_jacobian(ref.softmax_forward, z)
    by_vjp = np.array([ref.softmax_vjp(z, np.eye(4)[[j]])[0] for j in range(4)])
    np.testing.assert_allclose(by_step, by_vjp, rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("loss", ["cce", "bce"])
def test_loss_complex_step(loss: str) -> None:
    """Im of the mean loss at ŷ + ih·e_ik over h equals the gradient entry (i, k)."""
    forward, grad = getattr(ref, f"{loss}_forward"), getattr(ref, f"{loss}_grad")
    y_pred = np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])
    y = np.array([[0.0, 1.0, 0.0], [0.3, 0.3, 0.4]])
    expected = np.empty_like(y_pred)
    for index in np.ndindex(*y_pred.shape):
        shifted = y_pred.astype(complex)
        shifted[index] += 1j * STEP
        expected[index] = forward(shifted, y).mean().imag / STEP
    np.testing.assert_allclose(grad(y_pred, y), expected, rtol=1e-13)


def test_softmax_cce_and_sigmoid_complex_step() -> None:
    """The combined loss and sigmoid: complex-step derivatives equal the derived gradients."""
    z = np.array([[0.5, -2.0, 1.0], [3.0, 0.0, -1.0]])
    y = np.array([[0.2, 0.3, 0.9], [0.0, 1.0, 0.0]])
    expected = np.empty_like(z)
    for index in np.ndindex(*z.shape):
        shifted = z.astype(complex)
        shifted[index] += 1j * STEP
        expected[index] = ref.softmax_cce_forward(shifted, y).imag / STEP
    np.testing.assert_allclose(ref.softmax_cce_grad(z, y), expected, rtol=1e-13)
    sig = ref.sigmoid_forward(z + 1j * STEP).imag / STEP
    np.testing.assert_allclose(ref.sigmoid_vjp(z, np.ones_like(z)), sig, rtol=1e-13)


def test_batch_is_evaluated_row_by_row() -> None:
    """A large batch gives, row for row, what each row gives alone."""
    rng = np.random.default_rng(3)
    z, G = rng.normal(size=(500, 5)), rng.normal(size=(500, 5))
    whole = ref.softmax_vjp(z, G)
    for i in (0, 250, 499):
        np.testing.assert_allclose(whole[i], ref.softmax_vjp(z[[i]], G[[i]])[0], rtol=1e-15)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: ref.softmax_forward(np.zeros((2, ref.MAX_ROW + 1))), "rows of"),
    (lambda: ref.cce_forward(np.array([[0.0, 1.0]]), np.array([[0.0, 1.0]])), "inside"),
    (lambda: ref.bce_grad(np.array([[0.5]]), np.array([[1.0, 0.0]])), "shapes"),
    (lambda: ref.softmax_forward(np.zeros(3)), "2-D"),
])
def test_out_of_scope_input_is_refused(call, message: str) -> None:
    """Row sizes beyond MAX_ROW, predictions at 0 or 1, mismatched shapes, 1-D arrays."""
    with pytest.raises(ValueError, match=message):
        call()
