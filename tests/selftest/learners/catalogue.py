"""The learner corpus of issue 12: small targets written as learners of the notes or of *Neural
Networks from Scratch* write them, each exercising one feature the suite must learn, with the
verdict it should reach. Data only: importing this module imports no target.

For each target: the role map a discovery should find (role → class name in the files), and per
role "correct", "wrong" (the bug in one line and the input class that shows it) or "absent";
`messages` are key phrases the report must show (for an unusable target, the whole answer).
`others` are classes of the file that play no role (a discovery must not take them for one).
`hazard` says why a target must never be imported or called in the suite's own process; `note`
how a property over two roles (the network, fused-against-chain) should fare."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backprop_spec.spec.input_classes import BEYOND_CONTRACT
from tests.helpers import ROOT

HERE = "tests/selftest/learners"
NOTES_ROLES = ("dense", "relu", "softmax", "sigmoid", "cce", "bce", "fused")
BEYOND_NOTES = ("linear", "mse", "mae", "dropout")  # the book's later chapters: absent unless declared
ROLES = (*NOTES_ROLES, *BEYOND_NOTES)
CORRECT, WRONG, ABSENT = "correct", "wrong", "absent"
BOOK = {"dense": "Layer_Dense", "relu": "Activation_ReLU", "softmax": "Activation_Softmax",
        "sigmoid": "Activation_Sigmoid", "cce": "Loss_CategoricalCrossentropy",
        "bce": "Loss_BinaryCrossentropy", "fused": "Activation_Softmax_Loss_CategoricalCrossentropy",
        "linear": "Activation_Linear", "mse": "Loss_MeanSquaredError", "mae": "Loss_MeanAbsoluteError",
        "dropout": "Layer_Dropout"}


@dataclass(frozen=True)
class Role:
    """One role of a target: its class and the verdict the suite should give it."""

    role: str
    cls: str = ""  # "" when absent
    verdict: str = CORRECT
    bug: str = ""  # for WRONG: the bug, in one line
    shown_by: str = ""  # for WRONG: the input class that shows it
    # for WRONG: the input classes (spec/input_classes.py) the diagnosis must name, and no other;
    # () when the role is not diagnosed (it hangs, cannot be called)
    breaks_on: tuple[str, ...] = ()

    @property
    def beyond_contract(self) -> bool:
        """A WRONG role broken only by classes beyond the training contract: the report says
        pass* (correct in training, a robustness note) and the exit code ignores it."""
        return self.verdict == WRONG and bool(self.breaks_on) and set(self.breaks_on) <= BEYOND_CONTRACT


@dataclass(frozen=True)
class Learner:
    """One learner-style target; `path` is its main file, relative to the repository root."""

    path: str
    feature: str
    roles: tuple[Role, ...] = ()
    messages: tuple[str, ...] = ()
    usable: bool = True
    siblings: tuple[str, ...] = ()  # further files of a multi-file target
    others: tuple[str, ...] = ()
    hazard: str = ""
    note: str = ""  # how a property over two roles should fare

    @property
    def name(self) -> str:
        """The file's stem, or the folder's name for a target whose main file sits in its own folder."""
        path = Path(self.path)
        return path.stem if path.parent == Path(HERE) else path.parent.name

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(ROOT / p for p in (self.path, *self.siblings))

    @property
    def role_map(self) -> dict[str, str]:
        """role → class name, for the roles present: what a discovery should find."""
        return {r.role: r.cls for r in self.roles if r.verdict != ABSENT}

    def role(self, role: str) -> Role:
        return next(r for r in self.roles if r.role == role)

    @property
    def outcome(self) -> str:
        """"unusable", "rejected" (a present role is wrong inside the training contract) or
        "accepted"."""
        if not self.usable:
            return "unusable"
        return "rejected" if any(r.verdict == WRONG and not r.beyond_contract for r in self.roles) \
            else "accepted"


def _roles(names: dict[str, str] | None = None, absent: tuple[str, ...] = (),
           wrong: dict[str, tuple[str, ...]] | None = None,
           beyond: tuple[str, ...] = ()) -> tuple[Role, ...]:
    """Every role: the book's class name unless `names` renames it; `absent` ones have no class,
    nor have the roles beyond the notes unless `beyond` (or `names`, `wrong`) lists them; `wrong`
    maps a role to (bug, shown_by[, breaks_on])."""
    declared = (*beyond, *(names or {}), *(wrong or {}))
    absent = (*absent, *(r for r in BEYOND_NOTES if r not in declared))
    names, wrong = {**BOOK, **(names or {})}, wrong or {}
    return tuple(Role(role, verdict=ABSENT) if role in absent
                 else Role(role, names[role], WRONG, *wrong[role]) if role in wrong
                 else Role(role, names[role]) for role in ROLES)


def _at(name: str) -> str:
    return f"{HERE}/{name}"


LEARNERS = (
    Learner(_at("renamed.py"), "renamed classes: DenseLayer, ReLU, SoftMax, Sigmoid, "
            "CategoricalCrossEntropy, BinaryCrossEntropy, SoftmaxClassifier (the fused class)",
            _roles({"dense": "DenseLayer", "relu": "ReLU", "softmax": "SoftMax", "sigmoid": "Sigmoid",
                    "cce": "CategoricalCrossEntropy", "bce": "BinaryCrossEntropy",
                    "fused": "SoftmaxClassifier"})),
    Learner(_at("abbreviated.py"), "abbreviated names: LayerDense, Act_ReLU, Act_Softmax, Act_Sigmoid, "
            "Loss_CCE, BCE_Loss, Softmax_Loss_CatCross (the fused class)",
            _roles({"dense": "LayerDense", "relu": "Act_ReLU", "softmax": "Act_Softmax",
                    "sigmoid": "Act_Sigmoid", "cce": "Loss_CCE", "bce": "BCE_Loss",
                    "fused": "Softmax_Loss_CatCross"})),
    Learner(_at("chapter9.py"), "the chapter-9 partial set: Dense, ReLU, Softmax, CCE and the fused "
            "class; no Sigmoid, no BCE", _roles(absent=("sigmoid", "bce")), others=("Loss",)),
    Learner(_at("d_attributes.py"), "d_inputs / d_weights / d_biases attributes and outputs for output",
            _roles()),
    Learner(_at("pass_methods.py"), "forward_pass / backwards_pass methods (layers, activations) and "
            "backwards (losses, fused class)", _roles()),
    Learner(_at("training_flag.py"), "forward(self, inputs, _training): a required flag whose name is "
            "not `training`; losses inherit calculate from a Loss base class", _roles(), others=("Loss",)),
    Learner(_at("required_args.py"), "constructors with required extra arguments: Layer_Dense(n_inputs, "
            "n_neurons, weight_regularizer_l1, weight_regularizer_l2, bias_regularizer_l1, "
            "bias_regularizer_l2) with no defaults (0 makes it plain Dense), Layer_Dropout(rate)",
            _roles(beyond=("dropout",)), others=("Loss",)),
    Learner(_at("nnfs_standin.py"), "a stand-in for nnfs.init() defined in the file and called at "
            "import: seeds np.random, replaces np.dot (float64 inside, float32 out), np.zeros and "
            "np.random.randn (float32) on the shared numpy module; correct under plain NumPy",
            _roles(), messages=("numpy.dot", "numpy.zeros", "numpy.random.randn"), others=("Loss",),
            hazard="replaces numpy.dot, numpy.zeros and numpy.random.randn in the importing process"),
    Learner(_at("unguarded_loop.py"), "an unguarded training loop at import: a 3 000-point spiral and "
            "10 001 epochs through a 512-unit layer, no __main__ guard; its definitions are correct",
            _roles(), messages=('if __name__ == "__main__":',), others=("Loss", "Optimizer_SGD"),
            hazard="trains for minutes at import"),
    Learner(_at("missing_package.py"), "imports a missing package: import nnfs at the top, nnfs.init() "
            "and spiral_data at import; loaded as its definitions with nnfs stood in, Dense and ReLU "
            "judged (its Softmax and CCE have no backward)",
            _roles(absent=("softmax", "sigmoid", "cce", "bce", "fused")),
            messages=("imports skipped (not installed here): nnfs", "pipx inject backprop-spec nnfs"),
            others=("Activation_Softmax", "Loss_CategoricalCrossentropy"),
            hazard="raises ModuleNotFoundError (nnfs) at import"),
    Learner(_at("chapter16_imports.py"), "a chapter-16 file that starts with import nnfs, from "
            "nnfs.datasets import spiral_data and import matplotlib.pyplot as plt (none installed here), "
            "calls nnfs.init() and spiral_data at import and plots in a helper class no property calls: "
            "judged on its classes, the imports stood in",
            _roles(absent=("sigmoid", "bce", "fused"),
                   wrong={"softmax": ("backward writes into np.empty_like(dvalues), the book's line: an "
                                      "integer dvalues gives an integer dinputs, the gradient truncated",
                                      "an integer dvalue", ("integer_dvalue",))}),
            messages=("imports skipped (not installed here): nnfs, matplotlib",
                      "pipx inject backprop-spec nnfs matplotlib"),
            others=("Loss", "Training_Plot"),
            hazard="imports nnfs and matplotlib, not installed here; calls nnfs.init() and spiral_data "
                   "at import"),
    Learner(_at("hanging_backward.py"), "a backward that never returns (ReLU); every other role fine",
            _roles(wrong={"relu": ("the while loop's `row += 1` sits after the loop: backward never "
                                   "returns", "any batch of n >= 1 rows")}),
            messages=("did not return within", "backward"),
            hazard="Activation_ReLU.backward loops forever (importing is safe)",
            note="the network property calls the ReLU backward: stopped too, reported as ReLU's"),
    Learner(_at("two_files/layers.py"), "a two-file target: layers.py does `from activations import "
            "...` (its sibling, by bare name)", _roles(), siblings=(_at("two_files/activations.py"),),
            hazard="imports `activations` by bare name: its folder must be on sys.path"),
    Learner(_at("notebook.ipynb"), "a Jupyter notebook (nbformat 4): classes in code cells, a "
            "%matplotlib inline magic, a !pip install nnfs shell line, a cell that trains (1 001 "
            "epochs on 300 points, about a second)", _roles(), others=("Loss",)),
    Learner(_at("learner_bugs.py"), "two real learner bugs: CCE backward -y_true / dvalues on the raw "
            "2-D labels; ReLU backward without .copy()",
            _roles(wrong={"cce": ("backward divides the raw 2-D labels, -y_true / dvalues: -1 wraps "
                                  "to 255 in uint8, unary minus raises on bool",
                                  "uint8 one-hot labels (and bool one-hot labels)",
                                  ("unsigned_labels", "bool_labels")),
                          "relu": ("backward without .copy() zeroes the caller's dvalues where the "
                                   "input is <= 0", "any input with an entry <= 0 (purity; read-only "
                                   "dvalues raise)", ("in_place", "layouts"))}),
            note="fused-against-chain fails through the chain's CCE on uint8/bool one-hot labels "
                 "(today's report puts that FAIL on the fused row); the fused class itself is right"),
    Learner(_at("transposed_weights.py"), "a Dense storing weights as (n_neurons, n_inputs), with .T "
            "used consistently (right maths, transposed layout)",
            _roles(wrong={"dense": ("weights stored (n_neurons, n_inputs) and used through .T: the "
                                    "transpose of the notes' (n_inputs, n_neurons) layout",
                                    "any weights given in the notes' layout: a shape error when "
                                    "n_inputs != n_neurons, the transposed product when square")}),
            messages=("(n_neurons, n_inputs)",), others=("Loss",)),
)

LEARNERS += (
    Learner(_at("chapter17.py"), "the regression chapters (14–17): Layer_Dense with the book's L1/L2 "
            "regularisation, Layer_Dropout(rate) without a training flag, ReLU, Activation_Linear, a "
            "Loss base with regularization_loss(layer), MSE, and MAE with the book's backward line",
            _roles(absent=("softmax", "sigmoid", "cce", "bce", "fused"), beyond=("linear", "mse", "dropout"),
                   wrong={"mae": ("backward np.sign(y_true - dvalues) / outputs / samples, the book's "
                                  "line: the gradient's sign lost, so descent climbs the loss",
                                  "ordinary inputs: any prediction that differs from its label",
                                  ("ordinary",))}),
            messages=("mae:      wrong on ordinary inputs",), others=("Loss",)),
)

LEARNERS += (
    Learner(_at("book_faithful.py"), "the book's chapters 9–10 as a reader types them: a Softmax "
            "backward into np.empty_like(dvalues), a CCE that negates the labels it is given and clips "
            "only in its forward, a fused class that takes hard labels (np.argmax of 2-D labels)",
            _roles(absent=("sigmoid", "bce"),
                   wrong={"softmax": ("backward fills np.empty_like(dvalues): an integer dvalues gives "
                                      "an integer dinputs, the gradient truncated", "an integer dvalue",
                                      ("integer_dvalue",)),
                          "cce": ("backward -y_true / dvalues on the labels as given (uint8 wraps, bool "
                                  "raises), unclipped (ŷ = 0 divides by 0); forward −log Σ y ŷ for 2-D "
                                  "labels, which an (n, 1) column broadcasts into", "uint8 one-hot labels",
                                  ("bool_labels", "unsigned_labels", "sparse_column", "soft_labels",
                                   "clip_edges")),
                          "fused": ("backward argmax of 2-D labels: an (n, 1) column of indices becomes "
                                    "class 0, a soft row its largest entry", "sparse labels shaped (n, 1)",
                                    ("sparse_column", "soft_labels", "unnormalised_labels"))}),
            messages=("softmax  pass*", "soft labels (a robustness note)"), others=("Loss",)),
)

BY_NAME = {learner.name: learner for learner in LEARNERS}
