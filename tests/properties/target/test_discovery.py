"""Role discovery and binding (properties/target/discovery.py, properties/target/model.py): the class names
learners really use map to their roles, the explicit map wins, ambiguity and emptiness are clear
errors, and each binding resolves the learner's method names, forward flag, constructor
arguments and weight layout."""

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
    role_by_name,
)
from backprop_spec.properties.target.model import RoleFailure, Target, bind

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
