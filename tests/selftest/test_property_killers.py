"""Kill power as a regression guard: every catalogue property, run alone (its Hypothesis search
only: no smoke or regression inputs), must fail against the mutant named for it in KILLERS.

The exhaustive matrix (test_property_coverage.py, `tox -e coverage`, ~8 min) shows which
mutants each property catches; KILLERS keeps one per property, preferring a mutant that the
operation's other properties let pass (one that shows what this property alone adds). Running
just those pairs takes ~1 min in `tox -e selftest`, so weakening a property until it no longer
catches its bug fails CI. The verdict profile (ci's derandomised examples, no database, no
shrinking) makes each run repeatable and stops it at the first failing example."""

from __future__ import annotations

import pytest

from backprop_spec.properties.catalogue.index import BY_KEY
from tests.helpers import PROPERTIES, failed_properties, run_property
from tests.selftest.targets.catalogue import BUGS

KILLERS = {
    "dense.matches_symbolic": "book_dbias_mean",
    "dense.matches_numeric": "book_dbias_mean",
    "dense.batch_gradient_is_the_sum_of_per_sample_gradients": "dense_shared_workspace",
    "dense.backward_linear_and_permutation_equivariant": "dense_shared_workspace",
    "dense.pure_and_layout_independent": "dense_nan_to_num_in_place",
    "elementwise.relu_matches_symbolic": "relu_wrong_mask",
    "elementwise.relu_matches_numeric": "relu_wrong_mask",
    "elementwise.relu_subgradient_at_exactly_zero": "relu_output_over_input",
    "elementwise.relu_pure_and_layout_independent": "dvalue_inplace",
    "elementwise.sigmoid_matches_symbolic": "forward_backward_mismatch",
    "elementwise.sigmoid_matches_numeric": "forward_backward_mismatch",
    "elementwise.sigmoid_symmetry_and_saturation": "sigmoid_clipped_at_20",
    "elementwise.sigmoid_linear_and_rows_independent": "sigmoid_batch_mean",
    "elementwise.sigmoid_pure_and_layout_independent": "sigmoid_ravel_out",
    "softmax.matches_symbolic": "softmax_1d_outer",
    "softmax.matches_numeric": "softmax_1d_outer",
    "softmax.rows_sum_to_one_and_shift_invariant": "softmax_global_max",
    "softmax.backward_rows_sum_to_zero_and_jacobian_symmetric": "softmax_backward_batch_sum",
    "softmax.backward_linear_and_rows_independent": "softmax_backward_batch_sum",
    "softmax.stable_at_extreme_logits": "softmax_no_max_shift",
    "softmax.backward_equals_the_notes_jacobian_loop": "book_softmax_empty_like",
    "softmax.pure_and_layout_independent": "softmax_shift_in_place",
    "losses.cce_matches_symbolic": "cce_no_batch_mean",
    "losses.cce_matches_numeric": "book_cce_log_of_sum",
    "losses.cce_label_encodings_agree": "sparse_n1_as_onehot",
    "losses.cce_finite_at_the_clip_bounds": "cce_missing_clip_bound",
    "losses.cce_leaves_its_arguments_alone": "cce_clip_in_place",
    "losses.bce_matches_symbolic": "bce_no_output_mean",
    "losses.bce_matches_numeric": "bce_no_output_mean",
    "losses.bce_label_shapes_and_dtypes_agree": "bce_no_reshape",
    "losses.bce_finite_at_zero_and_one": "bce_backward_unclipped",
    "losses.bce_leaves_its_arguments_alone": "bce_forward_clip_in_place",
    "fused.matches_symbolic": "soft_labels_hardened",
    "fused.stays_finite_where_the_chain_breaks": "soft_labels_hardened",
    "fused.chain_equals_fused": "cce_no_batch_mean",
    "fused.rows_not_summing_to_one_use_the_general_form": "combined_soft_labels_s_minus_y",
    "fused.leaves_its_arguments_alone": "combined_inplace_y_pred",
    "network.dense_relu_dense_softmax_cce": "relu_wrong_mask",
    "network.dense_sigmoid_bce": "forward_backward_mismatch",
    "reuse.dense_reused_across_batches": "dense_kept_input",
    "reuse.relu_reused_across_batches": "relu_cached_buffer",
    "reuse.softmax_reused_across_batches": "softmax_cached_jacobians",
    "reuse.sigmoid_reused_across_batches": "sigmoid_kept_output",
    "reuse.cce_reused_across_batches": "cce_cached_labels",
    "reuse.bce_reused_across_batches": "bce_cached_labels",
    "reuse.fused_reused_across_batches": "fused_cached_buffer",
    "regression.linear_matches_symbolic": "linear_relu_mask",
    "regression.linear_matches_numeric": "linear_relu_mask",
    "regression.linear_pure_and_layout_independent": "linear_nan_to_num_in_place",
    "regression.mse_matches_symbolic": "mse_no_batch_mean",
    "regression.mse_matches_numeric": "mse_no_batch_mean",
    "regression.mse_label_shapes_and_dtypes_agree": "mse_no_reshape",
    "regression.mse_leaves_its_arguments_alone": "mse_labels_reshaped_in_place",
    "regression.mae_matches_symbolic": "book_mae_sign",
    "regression.mae_matches_numeric": "book_mae_sign",
    "regression.mae_label_shapes_and_dtypes_agree": "mae_no_reshape",
    "regression.mae_subgradient_at_the_kink": "mae_ratio_sign",
    "regression.mae_leaves_its_arguments_alone": "mae_difference_in_place",
    "dropout.dropout_matches_the_mask_it_drew": "dropout_fresh_mask_in_backward",
    "dropout.dropout_keeps_one_minus_rate": "dropout_rate_as_keep",
    "dropout.dropout_in_inference_is_the_identity": "dropout_ignores_training",
    "dropout.dropout_leaves_its_arguments_alone": "dropout_input_in_place",
    "regularization.regularized_gradients_match_symbolic": "regularization_bias_l1_with_weight_strength",
    "regularization.regularized_gradients_match_numeric": "regularization_l2_without_2",
    "regularization.regularization_loss_matches_symbolic": "regularization_loss_reads_weights",
    "regularization.l1_subgradient_at_zero": "regularization_l1_ratio_sign",
}


def test_every_property_has_a_killer_from_the_catalogue():
    """One killer per catalogue property, each a bug mutant (not a convention variant)."""
    assert sorted(KILLERS) == sorted(PROPERTIES)
    bugs = {m.module.rsplit(".", 1)[-1] for m in BUGS}
    assert set(KILLERS.values()) <= bugs, set(KILLERS.values()) - bugs


def test_node_ids_name_the_property_tests():
    """The node id selects exactly the property's test, which the coverage parser reads back."""
    assert BY_KEY["softmax.matches_numeric"].node_id == \
        "properties/verify/checks/test_catalogue.py::test_property[softmax.matches_numeric]"
    assert failed_properties(f"FAILED {BY_KEY['losses.bce_matches_symbolic'].node_id} - E") == \
        {"losses.bce_matches_symbolic"}


@pytest.mark.selftest
@pytest.mark.parametrize("prop", PROPERTIES)
def test_property_fails_against_its_killer(prop, record_property):
    code, seconds, output = run_property(prop, KILLERS[prop])
    record_property("seconds", round(seconds, 2))
    record_property("fails_against", KILLERS[prop])
    assert code == 1 and failed_properties(output) == {prop}, (
        f"{prop} did not fail against {KILLERS[prop]} (pytest exit {code}):\n{output[-3000:]}")
