"""Role discovery and binding (properties/target/discovery.py, properties/target/model.py): the class names
learners really use map to their roles, the explicit map wins, ambiguity and emptiness are clear
errors, a class named for a role but not judged says why (a forward only, a misspelt method),
and each binding resolves the learner's method names, forward flag, constructor arguments and
weight layout. A Dense's regularisation strengths are recognised by the pattern of their names
as public learners spell them, or named with `--init "dense.strengths='weight_l1:NAME,…'"`, never
guessed two onto one strength; what the suite cannot test is said in the binding's `untested`."""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest

from backprop_spec.properties.outcomes import NotApplicable, RequiredAbsent
from backprop_spec.properties.target.discovery import (
    BOOK_NAMES,
    DiscoveryError,
    discover,
    parse_map,
    parse_strengths,
    recognise_strengths,
    role_by_name,
    strength_key,
)
from backprop_spec.properties.target.model import RoleFailure, Target, bind
from backprop_spec.properties.verify.plugin import _init_values

# class names from public learner implementations (issue 12), each with the role it plays
LEARNER_NAMES = [
    ("DenseLayer", "dense"), ("Layer", "dense"), ("Dense", "dense"), ("Dense_Layer", "dense"),
    ("LayerDense", "dense"), ("ActivationRelu", "relu"), ("Act_ReLU", "relu"), ("ReLU", "relu"),
    ("SoftMax", "softmax"), ("Act_Softmax", "softmax"), ("Loss_CCE", "cce"), ("CCE_Loss", "cce"),
    ("CategoricalCrossEntropy", "cce"), ("Categorical_Cross_Entropy_Loss", "cce"),
    ("SoftmaxClassifier", "fused"), ("Softmax_Loss_CatCross", "fused"),
    ("CompositeSoftmaxAndLoss", "fused"), ("BCE_Loss", "bce"), ("BinaryCrossEntropy", "bce"),
    ("Sigmoid", "sigmoid"), ("Act_Sigmoid", "sigmoid"), ("Dropout", "dropout"), ("DropoutLayer", "dropout"),
    ("MSE", "mse"), ("Loss_MSE", "mse"), ("MeanSquaredError", "mse"), ("MAE_Loss", "mae"),
    ("MeanAbsoluteError", "mae"), ("Linear", "linear"), ("Act_Linear", "linear"),
    *((name, role) for role, name in BOOK_NAMES.items()),
]
# classes of learners' files that play no role
NOT_ROLES = ["Loss", "Optimizer_SGD", "LeakyReLU", "Model", "Loss_Linear",
             "Activation_Softmax_Loss_BinaryCrossentropy_Sigmoid_Model"]


@pytest.mark.parametrize("name, role", LEARNER_NAMES)
def test_learner_names_map_to_their_roles(name: str, role: str) -> None:
    assert role_by_name(name) == role


@pytest.mark.parametrize("name", NOT_ROLES)
def test_classes_that_play_no_role_are_not_taken_for_one(name: str) -> None:
    assert role_by_name(name) is None


def module_of(**classes: type) -> types.ModuleType:
    """A module holding `classes`, registered as a loaded target is (so that classes know it)."""
    module = types.ModuleType(f"learner_module_{len(sys.modules)}")
    sys.modules[module.__name__] = module
    for name, cls in classes.items():
        cls.__module__ = module.__name__
        setattr(module, name, cls)
    return module


PLAIN_DENSE = "self.weights = np.zeros((n_inputs, n_neurons))\n        self.biases = np.zeros((1, n_neurons))"


def layer(init: str = "self, n_inputs, n_neurons", body: str = PLAIN_DENSE, forward: str = "forward",
          forward_args: str = "self, inputs", backward: str = "backward") -> type:
    """A class with the given constructor, forward and backward signatures (defined from text so
    that inspect sees real signatures)."""
    source = (f"class Made:\n    def __init__({init}):\n        {body}\n"
              f"    def {forward}({forward_args}):\n        self.output = inputs\n"
              f"    def {backward}(self, dvalues, *rest):\n        self.dinputs = dvalues\n")
    namespace: dict[str, object] = {"np": np}
    exec(compile(source, "<learner>", "exec"), namespace)
    return namespace["Made"]  # type: ignore[return-value]


def plain() -> type:
    return layer(init="self", body="pass")


def test_discovery_by_name_leaves_the_rest_absent() -> None:
    module = module_of(DenseLayer=layer(), ReLU=plain(), Loss=type("Loss", (), {}))
    roles = discover(module)
    assert roles.classes == {"dense": ("DenseLayer", "name"), "relu": ("ReLU", "name")}
    assert roles.absent() == ("softmax", "sigmoid", "cce", "bce", "fused", "linear", "mse", "mae", "dropout")


def test_an_explicit_map_wins_and_a_dense_is_found_by_its_shape() -> None:
    module = module_of(Hidden=layer(), Rectifier=plain(), ReLU=plain())
    assert discover(module).classes["dense"] == ("Hidden", "shape")
    chosen = discover(module, parse_map("relu=Rectifier")).classes
    assert chosen["relu"] == ("Rectifier", "--map") and "ReLU" not in {c for c, _ in chosen.values()}


def test_a_linear_with_weights_is_a_dense_and_one_without_is_the_activation() -> None:
    roles = discover(module_of(Linear=layer(), Activation_Linear=plain())).classes
    assert roles == {"dense": ("Linear", "name"), "linear": ("Activation_Linear", "name")}


def test_dropout_rate_and_dense_regularisers_are_choosable_under_the_learners_names() -> None:
    dropout = bind("dropout", layer(init="self, drop_rate", body="pass"), "name")
    assert (dropout.choosable, dropout.init_kwargs) == ({"rate": "drop_rate"}, {"drop_rate": 0.1})
    regularised = layer(init="self, n_inputs, n_neurons, weight_regularizer_l1=0, l2=0, bias_l1=0")
    assert bind("dense", regularised, "name").choosable == {
        "weight_l1": "weight_regularizer_l1", "weight_l2": "l2", "bias_l1": "bias_l1"}
    module = module_of(Layer_Dense=regularised)
    target = Target(module, "learner", discover(module))
    obj = target.make("dense", 2, 3, weight_l1=0.5)
    assert obj is not None and target.log[0].kwargs == (("weight_regularizer_l1", 0.5),)
    with pytest.raises(NotApplicable, match="no parameter for bias_l2"):
        target.make("dense", 2, 3, bias_l2=0.5)


def test_two_candidates_for_one_role_ask_for_the_map() -> None:
    module = module_of(ReLU=plain(), Act_ReLU=plain())
    with pytest.raises(DiscoveryError, match=r"Act_ReLU, ReLU.*--map relu=Act_ReLU"):
        discover(module)


def test_a_module_without_roles_and_a_bad_map_are_clear_errors() -> None:
    with pytest.raises(DiscoveryError, match="no class plays any role"):
        discover(module_of(Optimizer=plain()))
    with pytest.raises(DiscoveryError, match="unknown role 'conv'"):
        parse_map("conv=Conv2D")
    with pytest.raises(DiscoveryError, match="expected role=ClassName"):
        parse_map("dense")
    with pytest.raises(DiscoveryError, match=r"has no class 'Nope'.*DenseLayer"):
        discover(module_of(DenseLayer=layer()), {"dense": "Nope"})


def test_binding_resolves_method_names_and_a_flag_whatever_its_name() -> None:
    cls = layer(forward="forward_pass", forward_args="self, inputs, _training", backward="backwards_pass")
    binding = bind("dense", cls, "name")
    assert (binding.forward, binding.backward, binding.flag, binding.problem) == (
        "forward_pass", "backwards_pass", "_training", None)
    assert binding.attributes == {"weight": "weights", "bias": "biases"}


def test_required_constructor_arguments_come_from_the_table_or_the_option() -> None:
    regularised = layer(init="self, n_inputs, n_neurons, weight_regularizer_l1, bias_regularizer_l2")
    assert bind("dense", regularised, "name").init_kwargs == {"weight_regularizer_l1": 0.0,
                                                             "bias_regularizer_l2": 0.0}
    unknown = layer(init="self, n_inputs, n_neurons, momentum")
    problem = bind("dense", unknown, "name").problem or ""
    assert "'momentum'" in problem and "--init dense.momentum=VALUE" in problem
    assert bind("dense", unknown, "name", {"momentum": 0.5}).init_kwargs == {"momentum": 0.5}


def test_transposed_weights_are_named_not_a_shape_error() -> None:
    transposed = layer(body="self.weights = np.zeros((n_neurons, n_inputs))\n        self.biases = 0")
    target = Target(module_of(Layer_Dense=transposed), "learner", discover(module_of(Layer_Dense=transposed)))
    with pytest.raises(RoleFailure, match=r"\(n_neurons, n_inputs\).*\(3, 2\)"):
        target.binding("dense")


def test_calls_are_logged_in_order_in_the_learners_terms() -> None:
    cls = layer(forward_args="self, inputs, training")
    module = module_of(DenseLayer=cls)
    target = Target(module, "learner", discover(module))
    obj = target.make("dense", 2, 3)
    target.set(obj, "dense", "weight", np.ones((2, 3)))
    target.call(obj, "dense", "forward", np.ones((1, 2)))
    assert target.get(obj, "dense", "output").shape == (1, 2)
    assert [(e.kind, e.name) for e in target.log] == [("new", "dense"), ("set", "weights"),
                                                      ("call", "forward"), ("get", "output")]
    assert target.log[2].kwargs == (("training", True),)
    target.new_example()
    assert target.log == []


def test_an_absent_role_skips_and_a_required_one_fails() -> None:
    module = module_of(ReLU=plain())
    with pytest.raises(NotApplicable, match="no sigmoid class"):
        Target(module, "learner", discover(module)).binding("sigmoid")
    with pytest.raises(RequiredAbsent, match="--require"):
        Target(module, "learner", discover(module), require=("sigmoid",)).binding("sigmoid")


# constructor-parameter names from public learner files and the book, each with the strength it is
STRENGTH_NAMES = [
    ("weight_regularizer_l1", "weight_l1"), ("weight_regularizer_L1", "weight_l1"),
    ("weight_reg_l1", "weight_l1"), ("bias_reg_l2", "bias_l2"), ("l1_weight", "weight_l1"),
    ("l2_bias", "bias_l2"), ("w_l1", "weight_l1"), ("b_l2", "bias_l2"), ("lambda_l1", "weight_l1"),
    ("weightRegularizerL1", "weight_l1"), ("biasRegularizerL2", "bias_l2"), ("l1", "weight_l1"),
    ("l2", "weight_l2"), ("bias_regularizer_l1", "bias_l1"), ("kernel_regularizer_l2", "weight_l2"),
    ("l2_reg_weight", "weight_l2"), ("weights_l1", "weight_l1"), ("biases_l2", "bias_l2"),
    ("lam_l2", "weight_l2"), ("l1_penalty", "weight_l1"), ("W_L1", "weight_l1"),
    ("bias_regularisation_l1", "bias_l1"),
]
# not strengths: `l1_ratio` is an elastic net's mix of L1 and L2 (a fraction, not a strength),
# `weight_decay` an optimiser's decay, and names with two tensor words or both norms are unclear
NOT_STRENGTHS = ["weight_scale_factor", "n_inputs", "n_neurons", "dropout_rate", "learning_rate",
                 "l1_ratio", "seed", "weight_decay", "reg", "alpha", "l1_l2", "w_l1_b", "scale"]


@pytest.mark.parametrize("name, key", STRENGTH_NAMES)
def test_strength_names_are_recognised_by_their_pattern(name: str, key: str) -> None:
    assert strength_key(name) == key


@pytest.mark.parametrize("name", NOT_STRENGTHS)
def test_other_parameters_are_not_taken_for_strengths(name: str) -> None:
    assert strength_key(name) is None


def test_one_parameter_per_strength_and_a_doubtful_one_left_unrecognised() -> None:
    assert recognise_strengths(["n_hidden", "l1_weight", "l1_bias", "l2_weight", "l2_bias"]) == (
        {"weight_l1": "l1_weight", "weight_l2": "l2_weight", "bias_l1": "l1_bias", "bias_l2": "l2_bias"}, {})
    # `l1` and `weight_l1` both say weights' L1: neither is guessed; the others are still found
    chosen, ambiguous = recognise_strengths(["l1", "weight_l1", "bias_l1"])
    assert chosen == {"bias_l1": "bias_l1"} and ambiguous == {"weight_l1": ("l1", "weight_l1")}
    # an explicit naming settles it, and its parameter is not recognised again for another strength
    assert recognise_strengths(["l1", "weight_l1"], {"weight_l1": "weight_l1"}) == (
        {"weight_l1": "weight_l1"}, {})
    assert recognise_strengths(["l1", "l1b"], {"bias_l1": "l1"}) == ({"bias_l1": "l1"}, {})


def test_the_strengths_option_parses_a_quoted_string_or_a_dict_and_refuses_nonsense() -> None:
    assert parse_strengths("weight_l1:wl1, bias_l2:bl2") == {"weight_l1": "wl1", "bias_l2": "bl2"}
    assert parse_strengths({"weight_l2": "decay"}) == {"weight_l2": "decay"}
    for bad, message in (("weight_l1=wl1", "STRENGTH:PARAM pairs"), ("weight_l3:x", "unknown strength"),
                         ("weight_l1:1x", "not a parameter name"), ("weight_l1:a,bias_l1:a", "named twice"),
                         (0.5, "quoted string")):
        with pytest.raises(DiscoveryError, match=message):
            parse_strengths(bad)


def test_the_documented_init_form_reaches_the_binding_through_the_option_parser() -> None:
    init = _init_values(["dense.strengths='weight_l1:wl1,bias_l2:bl2'", "dense.scale=0.1"])
    assert init == {"dense": {"strengths": "weight_l1:wl1,bias_l2:bl2", "scale": 0.1}}
    cls = layer(init="self, n_inputs, n_neurons, scale, wl1, bl2, weight_l2=0, bias_l1=0")
    module = module_of(DenseLayer=cls)
    target = Target(module, "learner", discover(module), init)
    binding = target.binding("dense")
    assert binding.choosable == {"weight_l1": "wl1", "weight_l2": "weight_l2", "bias_l1": "bias_l1",
                                 "bias_l2": "bl2"}
    assert binding.init_kwargs == {"scale": 0.1, "wl1": 0.0, "bl2": 0.0}  # the strengths' 0, not a problem
    target.make("dense", 2, 3, weight_l1=0.5, bias_l2=0.25)
    assert target.log[0].kwargs == (("wl1", 0.5), ("bl2", 0.25))


def test_a_naming_of_a_parameter_the_constructor_lacks_or_of_another_role_is_a_usage_error() -> None:
    cls = layer(init="self, n_inputs, n_neurons, scale=1")
    with pytest.raises(DiscoveryError, match=r"has no parameter wl1; its parameters are Made\(n_inputs, "
                                             r"n_neurons, scale\)"):
        bind("dense", cls, "name", {"strengths": "weight_l1:wl1"})
    with pytest.raises(DiscoveryError, match="only a Dense"):
        bind("relu", layer(init="self", body="pass"), "name", {"strengths": "weight_l1:x"})


def test_recognised_strengths_without_a_default_get_0() -> None:
    cls = layer(init="self, n_inputs, n_neurons, weightRegularizerL1, l2_bias, weight_scale_factor=0.01")
    binding = bind("dense", cls, "name")
    assert binding.problem is None
    assert binding.init_kwargs == {"weightRegularizerL1": 0.0, "l2_bias": 0.0}


PUBLIC_DENSE = ("self, n_inputs, n_neurons, weight_scale_factor=0.01, weight_reg_l1=0, weight_reg_l2=0, "
                "bias_reg_l1=0, bias_reg_l2=0")


def test_a_public_dense_with_reg_in_its_names_is_regularised_by_the_properties() -> None:
    """Dense_Layer(n_inputs, n_neurons, weight_scale_factor, weight_reg_l1, …) — the names a
    public learner file uses, and a bias-L1 branch calling a misspelt NumPy function: the suite
    must set the strength and so meet the error."""
    body = ("self.weights = np.zeros((n_inputs, n_neurons))\n        self.biases = np.zeros((1, n_neurons))\n"
            "        if bias_reg_l1 > 0:\n            np.ones_likes(self.biases)")
    module = module_of(Dense_Layer=layer(init=PUBLIC_DENSE, body=body))
    target = Target(module, "learner", discover(module))
    binding = target.binding("dense")
    assert binding.choosable == {"weight_l1": "weight_reg_l1", "weight_l2": "weight_reg_l2",
                                 "bias_l1": "bias_reg_l1", "bias_l2": "bias_reg_l2"}
    assert binding.untested == ("regularization_loss not tested: no loss class has a regularization_loss "
                                "method (the gradients are, against SymPy's penalty)",)
    assert target.make("dense", 2, 3, weight_l1=0.5) is not None
    with pytest.raises(AttributeError, match="ones_likes"):
        target.make("dense", 2, 3, bias_l1=0.5)


def test_untested_says_which_strengths_are_missing_and_how_to_name_them() -> None:
    none = bind("dense", layer(init="self, n_inputs, n_neurons, scale=0.01"), "name")
    assert none.untested == (
        "regularisation not tested: no strength parameter recognised in Made(n_inputs, n_neurons, scale) "
        "— name them with --init "
        "\"dense.strengths='weight_l1:NAME,weight_l2:NAME,bias_l1:NAME,bias_l2:NAME'\"",)
    some = bind("dense", layer(init="self, n_inputs, n_neurons, l1=0, weight_l1=0, l2=0"), "name")
    assert some.untested == (
        "regularisation not tested: no parameter recognised for weight_l1, bias_l1, bias_l2 (its properties "
        "set all four) in Made(n_inputs, n_neurons, l1, weight_l1, l2); l1 and weight_l1 could each be "
        "weight_l1 — name them with --init \"dense.strengths='weight_l1:NAME,bias_l1:NAME,bias_l2:NAME'\"",)
    plain = bind("dense", layer(), "name")
    assert plain.untested == ("regularisation not tested: Made(n_inputs, n_neurons) takes no "
                              "regularisation strengths",)


def test_a_regularisation_loss_class_leaves_nothing_of_the_dense_untested() -> None:
    class Loss_CategoricalCrossentropy:
        def forward(self, y_pred: np.ndarray, y_true: np.ndarray) -> None: ...

        def backward(self, dvalues: np.ndarray, y_true: np.ndarray) -> None: ...

        def regularization_loss(self, layer: object) -> float:
            return 0.0

    book = "self, n_inputs, n_neurons, " + ", ".join(
        f"{kind}_regularizer_{norm}=0" for kind in ("weight", "bias") for norm in ("l1", "l2"))
    module = module_of(Layer_Dense=layer(init=book),
                       Loss_CategoricalCrossentropy=Loss_CategoricalCrossentropy)
    assert Target(module, "learner", discover(module)).binding("dense").untested == ()


def forward_only() -> type:
    """A class with a forward and no backward (two public files' Softmax_Activation_Function)."""
    return type("Made", (), {"forward": lambda self, inputs: None})


def misspelt(name: str, job: str = "backward") -> type:
    """A class with its forward (or backward) and the other method under a misspelt name."""
    kept = "forward" if job == "backward" else "backward"
    return type("Made", (), {kept: lambda self, values: None, name: lambda self, values: None})


def test_a_class_named_for_a_role_with_forward_only_is_not_judged_and_says_so() -> None:
    module = module_of(Softmax_Activation_Function=forward_only(), Activation_ReLU=plain())
    roles = discover(module)
    assert "softmax" in roles.absent()
    assert roles.not_judged == {
        "softmax": "Softmax_Activation_Function: forward only, no backward method — not judged"}
    assert roles.why_absent("softmax") == roles.not_judged["softmax"]
    assert roles.why_absent("sigmoid") == "no class found; --map sigmoid=YourClass names one"
    with pytest.raises(NotApplicable, match=r"no softmax class \(absent: Softmax_Activation_Function: "
                                            r"forward only, no backward method — not judged\)"):
        Target(module, "learner", roles).binding("softmax")


@pytest.mark.parametrize("name, meant, job", [("bacward", "backward", "backward"),
                                              ("foward", "forward", "forward"),
                                              ("backwords", "backwards", "backward"),
                                              ("Backward", "backward", "backward")])
def test_a_misspelt_method_gets_a_did_you_mean(name: str, meant: str, job: str) -> None:
    module = module_of(Activation_ReLU=misspelt(name, job), Layer_Dense=layer())
    assert discover(module).not_judged == {
        "relu": f"Activation_ReLU has {name} — did you mean {meant}? Not judged"}


def test_only_close_names_are_taken_for_misspellings_and_only_for_absent_roles() -> None:
    far = misspelt("compute_gradient")
    assert discover(module_of(Activation_ReLU=far, Layer_Dense=layer())).not_judged == {
        "relu": "Activation_ReLU: forward only, no backward method — not judged"}
    # a role played by another class: the one not judged is not reported
    module = module_of(Activation_Softmax=layer(init="self", body="pass"),
                       Softmax_Activation_Function=forward_only())
    assert discover(module).not_judged == {}
    # no role at all: the error says why the named classes are not judged
    with pytest.raises(DiscoveryError, match=r"no class plays any role .*; Activation_ReLU has bacward — "
                                             r"did you mean backward\? Not judged"):
        discover(module_of(Activation_ReLU=misspelt("bacward")))


def test_a_mapped_class_without_a_backward_is_the_roles_problem_with_a_did_you_mean() -> None:
    binding = bind("relu", misspelt("bacward"), "--map")
    assert binding.problem == "Made has no backward method (bacward — did you mean backward?)"


def test_a_dropout_without_a_training_flag_or_a_rate_says_what_goes_untested() -> None:
    flagless = bind("dropout", layer(init="self, rate", body="pass"), "name")
    assert flagless.untested == ("inference not tested: forward has no training flag",)
    flagged = bind("dropout", layer(init="self, rate", body="pass", forward_args="self, inputs, training"),
                   "name")
    assert flagged.untested == ()
    rateless = bind("dropout", layer(init="self", body="pass", forward_args="self, inputs, training"), "name")
    assert rateless.untested == ("dropout not tested: Made() takes no drop rate (a parameter named rate, "
                                 "dropout_rate, drop_rate, …, or a required one)",)
