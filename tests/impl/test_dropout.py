"""Layer_Dropout (the book, ch. 15): the mask is Bernoulli(q)/q with q = 1 − rate, the output
input · mask, the backward dvalue · the same mask; hand-checked values and one binomial count."""

import math

import numpy as np
import pytest

from backprop_spec.impl import Layer_Dropout


def test_the_book_attributes_keep_rate_and_scaled_mask():
    layer = Layer_Dropout(0.2, seed=1)
    assert layer.rate == pytest.approx(0.8, abs=1e-16)  # the keep probability, as the book stores it
    x = np.arange(1.0, 41.0).reshape(4, 10)
    output = layer.forward(x)
    kept = layer.binary_mask != 0
    np.testing.assert_allclose(layer.binary_mask[kept], 1 / 0.8, rtol=1e-15)
    np.testing.assert_allclose(output, x * layer.binary_mask, rtol=0)
    assert layer.input is x and layer.output is output
    np.testing.assert_array_equal(output[~kept], 0.0)


def test_the_kept_fraction_is_the_keep_rate():
    """10⁶ draws of Bernoulli(0.7): the count has standard deviation √(10⁶·0.7·0.3) ≈ 458; a bound
    of 6σ fails a correct layer with probability 2·10⁻⁹, and the seed fixes the draw anyway. A
    layer keeping `rate` (0.3) instead of 1 − rate misses by 8.7·10⁵ σ."""
    layer = Layer_Dropout(0.3, seed=2026)
    layer.forward(np.ones((1000, 1000)))
    kept = int(np.count_nonzero(layer.binary_mask))
    sigma = math.sqrt(1e6 * 0.7 * 0.3)
    assert abs(kept - 7e5) < 6 * sigma


def test_backward_multiplies_by_the_forward_mask():
    layer = Layer_Dropout(0.5, seed=7)
    x = np.full((3, 8), 3.0)
    layer.forward(x)
    mask = layer.binary_mask.copy()
    dvalue = np.arange(24.0).reshape(3, 8)
    np.testing.assert_array_equal(layer.backward(dvalue), dvalue * mask)
    np.testing.assert_array_equal(layer.binary_mask, mask)


def test_different_seeds_draw_different_masks():
    ones = np.ones((10, 10))
    first, second = (Layer_Dropout(0.5, seed=seed).forward(ones) for seed in (1, 2))
    assert not np.array_equal(first, second)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_dtypes_are_kept_in_training_and_inference(dtype):
    layer = Layer_Dropout(0.25, seed=0)
    x = np.ones((2, 6), dtype=dtype)
    assert layer.forward(x).dtype == layer.binary_mask.dtype == dtype
    assert layer.backward(x).dtype == dtype
    np.testing.assert_array_equal(layer.binary_mask[layer.binary_mask != 0], dtype(1 / 0.75))
    assert layer.forward(x, training=False).dtype == layer.binary_mask.dtype == dtype


def test_mixed_floats_run_in_float64():
    """A float32 mask with a float64 dvalue 1 + 2⁻³⁰ keeps the 2⁻³⁰ (float32 would round it away)."""
    layer = Layer_Dropout(0.0)
    layer.forward(np.ones((1, 1), np.float32))
    dinput = layer.backward(np.array([[1 + 2.0**-30]]))
    assert dinput.dtype == np.float64 and dinput[0, 0] == 1 + 2.0**-30


def test_integer_input_and_dvalue_run_in_float64():
    layer = Layer_Dropout(0.5, seed=0)
    out = layer.forward(np.ones((2, 3), dtype=np.int32))
    assert out.dtype == np.float64
    assert layer.backward(np.ones((2, 3), dtype=np.int64)).dtype == np.float64


def test_arguments_are_not_modified():
    layer = Layer_Dropout(0.5, seed=0)
    x, g = np.ones((2, 4)), np.full((2, 4), 2.0)
    x.flags.writeable = g.flags.writeable = False
    layer.forward(x)
    layer.backward(g)
    layer.forward(x, training=False)
    np.testing.assert_array_equal(x, np.ones((2, 4)))
    np.testing.assert_array_equal(g, np.full((2, 4), 2.0))
