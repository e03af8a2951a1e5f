"""One probe per catalogue mutant: a call on an input that shows its bug, so that the mutant's
answer differs from its correct base's (tests/selftest/test_targets_sanity.py compares them)."""

import numpy as np

from tests.selftest.calls import (
    FUSED,
    LN2,
    act,
    backward_after_forward,
    cce_uint8_dinput,
    dbias_of_two_rows,
    dense,
    dweight_after_forward,
    forward,
    fused_backward,
    loss,
    loss_backward,
    ro,
    through_one_object,
)


def _relu_dvalue_after(mod):
    dvalue = np.array([[3.0, 3.0]])
    act(mod, "ReLU", ro([[-1.0, 2.0]]), dvalue)
    return dvalue


def _fused_y_pred_after(mod):
    y_pred = np.array([[1 / 3, 2 / 3]])
    fused_backward(mod, y_pred, ro([1], np.uint8))
    return y_pred


def _no_shift(mod):
    with np.errstate(all="ignore"):
        return act(mod, "Softmax", ro([[1000.0, 1000.0]]), ro([[1.0, 0.0]]))[0]


def _first_dinput_after_a_second_backward(mod):
    """dinput of one Dense backward, read after another layer's backward of the same shape."""
    first = dense(mod, ro([[1.0]]), ro([[0.0]]), ro([[1.0]]), ro([[1.0]]))[1]
    dense(mod, ro([[2.0]]), ro([[0.0]]), ro([[1.0]]), ro([[1.0]]))
    return first


def _dropout(mod, rate, seed, training=True, x=None):
    """(output, dinput) of a Dropout forward (its generator seeded) on x (ones (4, 8) by default)
    and its backward of ones."""
    layer = mod.Layer_Dropout(rate)
    layer.rng = np.random.default_rng(seed)
    layer.forward(np.ones((4, 8)) if x is None else x, training)
    layer.backward(ro(np.ones((4, 8))))
    return layer.output, layer.dinputs


def _regularized(mod, **strengths):
    """(dweights, dbiases, layer) of a Dense(2, 1) with these strengths, weights [[0], [2]],
    biases [[1]], after forward and backward of ones."""
    layer = mod.Layer_Dense(2, 1, **strengths)
    layer.weights, layer.biases = np.array([[0.0], [2.0]]), np.array([[1.0]])
    forward(layer, ro([[1.0, 1.0]]))
    layer.backward(ro([[1.0]]))
    return layer.dweights, layer.dbiases, layer


def _quietly(probe):
    """The probe with floating-point warnings silenced: the mutant's NaN or inf is the point."""
    def run(mod):
        with np.errstate(all="ignore"):
            return probe(mod)
    return run


def _argument_after(call, argument):
    """`argument` (a writeable copy) as it is after `call(mod, argument)`: shows in-place writes."""
    def run(mod):
        array = np.array(argument)
        call(mod, array)
        return array
    return run


def _twice(name, *batches):
    return through_one_object(name, backward_after_forward, *batches)


_DENSE_TWICE = through_one_object("Layer_Dense", dweight_after_forward, ([[1.0]], [[1.0]]),
                                  ([[2.0]], [[1.0]]))

SHOWS = {
    "cce_uint8_onehot": cce_uint8_dinput,
    "book_cce_uint8_onehot": cce_uint8_dinput,
    "bce_uint8_unary_minus": lambda m: loss(m, "BinaryCrossentropy", ro([[0.8], [0.4]]),
                                            ro([[1], [0]], np.uint8))[1],
    "bce_no_reshape": lambda m: loss(m, "BinaryCrossentropy", ro([[0.8], [0.4]]), ro([1, 0])),
    "softmax_1d_outer": lambda m: act(m, "Softmax", ro([[0.0, LN2]]), ro([[1.0, 0.0]]))[1],
    "book_softmax_empty_like": lambda m: act(m, "Softmax", ro([[0.0, LN2]]),
                                             ro([[1, 0]], np.int64))[1],
    "cce_no_batch_mean": lambda m: loss(m, "CategoricalCrossentropy", ro([[0.5, 0.5]] * 2),
                                        ro([0, 1], np.int64))[1],
    "bce_no_output_mean": lambda m: loss(m, "BinaryCrossentropy", ro([[0.5, 0.5]]),
                                         ro([[1, 0]]))[1],
    "dense_lost_transpose": lambda m: dense(m, ro([[1, 2], [3, 4]]), ro([[0, 0]]),
                                            ro([[1, 1]]), ro([[1, 0]]))[1],
    "dbias_no_sum": dbias_of_two_rows,
    "book_dbias_mean": dbias_of_two_rows,
    "dvalue_inplace": _relu_dvalue_after,
    "relu_wrong_mask": lambda m: act(m, "ReLU", ro([[-1.0, 2.0]]), ro([[1.0, 1.0]]))[1],
    "softmax_no_max_shift": _no_shift,
    "cce_missing_clip_bound": lambda m: loss(m, "CategoricalCrossentropy", ro([[0.0, 1.0]]),
                                             ro([0], np.int64))[0],
    "soft_labels_hardened": lambda m: fused_backward(m, ro([[1 / 3, 2 / 3]]), ro([[0.5, 0.5]])),
    "combined_soft_labels_s_minus_y": lambda m: fused_backward(m, ro([[1 / 3, 2 / 3]]),
                                                               ro([[0.5, 1.0]])),
    "combined_inplace_y_pred": _fused_y_pred_after,
    "forward_backward_mismatch": lambda m: act(m, "Sigmoid", ro([[2.0]]), ro([[1.0]]))[1],
    "sparse_n1_as_onehot": lambda m: loss(m, "CategoricalCrossentropy",
                                          ro([[0.25, 0.75], [0.5, 0.5]]), ro([[1], [0]]))[1],
    "float32_upcast": lambda m: loss(m, "CategoricalCrossentropy", ro([[0.5, 0.5]], np.float32),
                                     ro([1], np.uint8))[1],
    "book_cce_log_of_sum": lambda m: loss(m, "CategoricalCrossentropy", ro([[0.25, 0.75]]),
                                          ro([[0.5, 0.5]]))[0],
    "sigmoid_exp_ratio": _quietly(lambda m: act(m, "Sigmoid", ro([[1000.0]]), ro([[1.0]]))[0]),
    "sigmoid_batch_mean": lambda m: act(m, "Sigmoid", ro([[0.0], [0.0]]), ro([[1.0], [1.0]]))[1],
    "sigmoid_dvalue_inplace": _argument_after(lambda m, g: act(m, "Sigmoid", ro([[0.0]]), g),
                                              [[1.0]]),
    "relu_output_over_input": _quietly(lambda m: act(m, "ReLU", ro([[0.0]]), ro([[1.0]]))[1]),
    "bce_backward_unclipped": _quietly(lambda m: loss(m, "BinaryCrossentropy", ro([[0.0]]),
                                                      ro([[1.0]]))[1]),
    "cce_clip_in_place": _argument_after(
        lambda m, p: loss(m, "CategoricalCrossentropy", p, ro([1], np.int64)), [[0.0, 1.0]]),
    "bce_labels_reshaped_in_place": _argument_after(
        lambda m, y: loss(m, "BinaryCrossentropy", ro([[0.8], [0.4]]), y), [1.0, 0.0]),
    "dense_nan_to_num_in_place": _argument_after(
        lambda m, g: dense(m, ro([[1, 2]]), ro([[0, 0]]), ro([[1]]), g), [[np.nan, 1.0]]),
    "softmax_backward_batch_sum": lambda m: act(m, "Softmax", ro([[0.0, 0.0]] * 2),
                                                ro([[1.0, 0.0]] * 2))[1],
    "softmax_shift_in_place": _argument_after(
        lambda m, z: act(m, "Softmax", z, ro([[1.0, 0.0]])), [[0.0, LN2]]),
    "softmax_global_max": _quietly(lambda m: act(m, "Softmax", ro([[0.0, 0.0], [1e3, 1e3]]),
                                                 ro([[1.0, 0.0]] * 2))[0]),
    "bce_forward_clip_in_place": _argument_after(
        lambda m, p: forward(m.Loss_BinaryCrossentropy(), p, ro([[1.0, 0.0]])), [[0.0, 1.0]]),
    "dense_shared_workspace": _first_dinput_after_a_second_backward,
    # stale state: two batches through one object
    "dense_kept_input": _DENSE_TWICE,
    "dense_accumulated_gradients": _DENSE_TWICE,
    "relu_cached_buffer": _twice("Activation_ReLU", ([[-1.0]], [[1.0]]), ([[1.0]], [[1.0]])),
    "sigmoid_kept_output": _twice("Activation_Sigmoid", ([[0.0]], [[1.0]]), ([[2.0]], [[1.0]])),
    "softmax_cached_jacobians": _twice("Activation_Softmax", ([[0.0, LN2]], [[1.0, 0.0]]),
                                       ([[0.0, 0.0]], [[1.0, 0.0]])),
    "cce_cached_labels": through_one_object("Loss_CategoricalCrossentropy", loss_backward,
                                            ([[0.5, 0.5]], [0]), ([[0.5, 0.5]], [1])),
    "bce_cached_labels": through_one_object("Loss_BinaryCrossentropy", forward, ([[0.8]], [1.0]),
                                            ([[0.8]], [0.0])),
    "fused_cached_buffer": through_one_object(FUSED, loss_backward, ([[1 / 3, 2 / 3]], [1]),
                                              ([[2 / 3, 1 / 3]], [1])),
    "sigmoid_ravel_out": lambda m: act(m, "Sigmoid", np.asfortranarray(np.full((2, 2), 1e3)),
                                       ro(np.ones((2, 2))))[0],
    "dense_gradient_1e7": lambda m: dense(m, ro([[1.0], [2.0]]), ro([[0.5]]), ro([[3.0, -1.0]]),
                                          ro([[2.0]]))[1:],
    "relu_gradient_1e7": lambda m: act(m, "ReLU", ro([[2.0]]), ro([[1.0]]))[1],
    "softmax_gradient_1e7": lambda m: act(m, "Softmax", ro([[0.0, LN2]]), ro([[1.0, 0.0]]))[1],
    "sigmoid_gradient_1e7": lambda m: act(m, "Sigmoid", ro([[0.0]]), ro([[1.0]]))[1],
    "cce_gradient_1e7": lambda m: loss(m, "CategoricalCrossentropy", ro([[0.5, 0.5]]),
                                       ro([0], np.int64))[1],
    "bce_gradient_1e7": lambda m: loss(m, "BinaryCrossentropy", ro([[0.8]]), ro([[1.0]]))[1],
    "fused_gradient_1e7": lambda m: fused_backward(m, ro([[1 / 3, 2 / 3]]), ro([[0.0, 1.0]])),
    "sigmoid_clipped_at_20": lambda m: act(m, "Sigmoid", ro([[-30.0]]), ro([[1.0]])),
    # the book's layers beyond the notes
    "linear_relu_mask": lambda m: act(m, "Linear", ro([[-1.0]]), ro([[1.0]]))[1],
    "linear_nan_to_num_in_place": _argument_after(lambda m, g: act(m, "Linear", ro([[1.0]]), g),
                                                  [[np.nan]]),
    "linear_gradient_1e7": lambda m: act(m, "Linear", ro([[2.0]]), ro([[1.0]]))[1],
    "mse_no_batch_mean": lambda m: loss(m, "MeanSquaredError", ro([[0.5], [0.5]]), ro([[1.0], [0.0]]))[1],
    "mse_no_reshape": lambda m: loss(m, "MeanSquaredError", ro([[0.8], [0.4]]), ro([1.0, 0.0])),
    "mse_labels_reshaped_in_place": _argument_after(
        lambda m, y: loss(m, "MeanSquaredError", ro([[0.8], [0.4]]), y), [1.0, 0.0]),
    "mse_gradient_1e7": lambda m: loss(m, "MeanSquaredError", ro([[0.5]]), ro([[1.0]]))[1],
    "book_mae_sign": lambda m: loss(m, "MeanAbsoluteError", ro([[0.0]]), ro([[1.0]]))[1],
    "mae_ratio_sign": _quietly(lambda m: loss(m, "MeanAbsoluteError", ro([[1.0]]), ro([[1.0]]))[1]),
    "mae_no_reshape": lambda m: loss(m, "MeanAbsoluteError", ro([[0.8], [0.4]]), ro([1.0, 0.0])),
    "mae_difference_in_place": _argument_after(
        lambda m, p: loss(m, "MeanAbsoluteError", p, ro([[1.0]])), [[3.0]]),
    "mae_gradient_1e7": lambda m: loss(m, "MeanAbsoluteError", ro([[0.5]]), ro([[1.0]]))[1],
    "dropout_fresh_mask_in_backward": lambda m: _dropout(m, 0.5, seed=1)[1],
    "dropout_mask_not_scaled": lambda m: _dropout(m, 0.5, seed=1)[0],
    "dropout_rate_as_keep": lambda m: _dropout(m, 0.1, seed=1)[0],
    "dropout_ignores_training": lambda m: _dropout(m, 0.5, seed=1, training=False)[0],
    "dropout_input_in_place": _argument_after(lambda m, x: _dropout(m, 0.5, seed=1, x=x),
                                              np.ones((4, 8))),
    "regularization_l2_of_dweights": lambda m: _regularized(m, weight_regularizer_l2=0.5)[0],
    "regularization_l2_without_2": lambda m: _regularized(m, weight_regularizer_l2=0.5)[0],
    "regularization_bias_l1_with_weight_strength": lambda m: _regularized(m, bias_regularizer_l1=0.5)[1],
    "regularization_loss_reads_weights": lambda m: np.array(
        m.Loss_MeanSquaredError().regularization_loss(_regularized(m, bias_regularizer_l2=0.5)[2])),
    "regularization_l1_ratio_sign": _quietly(lambda m: _regularized(m, weight_regularizer_l1=0.5)[0]),
    "regularization_loss_reads_trainable_layers": lambda m: np.array(
        m.Loss_CategoricalCrossentropy().regularization_loss(_regularized(m, weight_regularizer_l2=0.5)[2])),
}
