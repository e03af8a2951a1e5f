"""Stand-ins for the packages a target imports but the suite's Python lacks (nnfs, matplotlib, …:
`pipx install` gives the suite an environment of its own). When a target is loaded as its
definitions only, each such import binds its names to a StandIn: inert while it is only looked up
(an attribute, an item, a `|` in an annotation: a further stand-in), it raises MissingPackage —
naming the package, the learner's function that used it and the install command — once it is
used (called, computed with, iterated over, tested for truth, subclassed, …). A class that never
calls the package is judged as if it were installed; one that does fails with that message."""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

__all__ = ["KNOWN_PACKAGES", "PIP_NAMES", "MissingPackage", "StandIn", "install_command", "is_package"]

# import name → the name pip installs it by, where they differ
PIP_NAMES = {"sklearn": "scikit-learn", "cv2": "opencv-python", "PIL": "pillow", "yaml": "pyyaml",
             "skimage": "scikit-image", "bs4": "beautifulsoup4"}
# packages learners import beside NumPy: taken for packages whatever the import looks like
KNOWN_PACKAGES = frozenset({*PIP_NAMES, "nnfs", "matplotlib", "scipy", "pandas", "seaborn", "torch",
                            "torchvision", "tensorflow", "keras", "jax", "tqdm", "IPython", "plotly",
                            "numba", "sympy", "autograd", "wandb", "mnist", "tabulate", "h5py", "pylab"})
HERE = Path(__file__).resolve()


def install_command(*packages: str) -> str:
    """`pipx inject backprop-spec nnfs (or pip install nnfs in this Python)`, for top-level names."""
    pip = " ".join(PIP_NAMES.get(package, package) for package in packages)
    return f"pipx inject backprop-spec {pip} (or pip install {pip} in this Python)"


class MissingPackage(ModuleNotFoundError):
    """A stand-in was used: the package it stands for is not installed where the suite runs."""


def _library(filename: str) -> bool:
    """Code of Python itself or of an installed package (NumPy's dispatch), not a learner's."""
    return filename.startswith("<") or any(Path(filename).is_relative_to(prefix)
                                           for prefix in {sys.prefix, sys.base_prefix})


def _user(frame: FrameType | None) -> str:
    """`Layer_Dense.forward`, or `layers.py:12` at module level: the code that used a stand-in
    (the innermost caller outside this file and the libraries; else outside this file)."""
    callers = []
    while frame is not None:
        if Path(frame.f_code.co_filename).resolve() != HERE:
            callers.append(frame)
        frame = frame.f_back
    frame = next((caller for caller in callers if not _library(caller.f_code.co_filename)),
                 callers[0] if callers else None)
    if frame is None:
        return "the target"
    code = frame.f_code
    if code.co_name == "<module>":
        return f"{Path(code.co_filename).name}:{frame.f_lineno}"
    return code.co_qualname


class StandIn:
    """What a name imported from a missing package is bound to; `path` is the dotted name it
    stands for (`nnfs.datasets.spiral_data`), `package` the top-level name pip would install."""

    __slots__ = ("_standin_package", "_standin_path")
    _standin_package: str
    _standin_path: str

    def __init__(self, path: str, package: str | None = None) -> None:
        object.__setattr__(self, "_standin_path", path)
        object.__setattr__(self, "_standin_package", package or path.partition(".")[0])

    def _fail(self, use: str) -> NoReturn:
        package, user = self._standin_package, _user(sys._getframe(1))
        raise MissingPackage(f"{package} is not installed where backprop-spec runs: {user} {use}; install "
                             f"it with: {install_command(package)}", name=package)

    # looked up: inert, a further stand-in
    def __getattr__(self, name: str) -> StandIn:
        if name.startswith("__") and name.endswith("__"):  # protocols (copy, NumPy, inspect) probe these
            raise AttributeError(name)
        return StandIn(f"{self._standin_path}.{name}", self._standin_package)

    def __getitem__(self, key: Any) -> StandIn:
        return StandIn(f"{self._standin_path}[…]", self._standin_package)

    def __or__(self, other: Any) -> StandIn:  # `torch.Tensor | None` in an annotation
        return self

    __ror__ = __or__

    def __repr__(self) -> str:
        return f"<{self._standin_path}: a stand-in, {self._standin_package} is not installed here>"

    def __copy__(self) -> StandIn:
        return self

    def __deepcopy__(self, memo: Any) -> StandIn:
        return self

    # used: MissingPackage
    def __call__(self, *args: Any, **kwargs: Any) -> NoReturn:
        self._fail(f"calls {self._standin_path}()")

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        self._fail(f"sets {self._standin_path}.{name}")

    def __delattr__(self, name: str) -> NoReturn:
        self._fail(f"deletes {self._standin_path}.{name}")

    def __mro_entries__(self, bases: tuple[Any, ...]) -> NoReturn:
        self._fail(f"subclasses {self._standin_path}")

    def __instancecheck__(self, instance: Any) -> NoReturn:
        self._fail(f"tests isinstance(…, {self._standin_path})")

    def __subclasscheck__(self, cls: Any) -> NoReturn:
        self._fail(f"tests issubclass(…, {self._standin_path})")

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> NoReturn:
        self._fail(f"passes {self._standin_path} to numpy.{getattr(ufunc, '__name__', 'ufunc')}")

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> NoReturn:
        self._fail(f"passes {self._standin_path} to numpy.{getattr(func, '__name__', 'function')}")


def _operation(dunder: str, what: str) -> Any:
    def use(self: StandIn, *args: Any, **kwargs: Any) -> NoReturn:
        self._fail(f"{what} {self._standin_path}")

    use.__name__ = use.__qualname__ = dunder
    return use


_OPERATIONS = {
    "iterates over": ("__iter__", "__reversed__"),
    "takes the length of": ("__len__",),
    "searches": ("__contains__",),
    "tests the truth of": ("__bool__",),
    "converts": ("__int__", "__float__", "__complex__", "__index__", "__round__", "__trunc__",
                 "__floor__", "__ceil__"),
    "computes with": (*(f"__{prefix}{name}__" for prefix in ("", "r", "i") for name in (
        "add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "pow", "lshift", "rshift", "and",
        "xor")), "__divmod__", "__rdivmod__", "__ior__", "__neg__", "__pos__", "__abs__", "__invert__"),
    "compares": ("__lt__", "__le__", "__gt__", "__ge__"),
    "stores into": ("__setitem__", "__delitem__"),
    "enters": ("__enter__", "__exit__"),
}
for _what, _dunders in _OPERATIONS.items():
    for _dunder in _dunders:
        setattr(StandIn, _dunder, _operation(_dunder, _what))


def _learner_file(top: str, folder: Path) -> bool:
    """A file or folder named `top` where the learner keeps files but Python does not look: a
    notebook beside the target, a .py file one folder down or one up."""
    near = [folder / f"{top}.ipynb", folder.parent / f"{top}.py", folder.parent / top / "__init__.py"]
    try:
        subfolders = [entry for entry in folder.iterdir() if entry.is_dir()]
    except OSError:
        subfolders = []
    near += [sub / f"{top}.py" for sub in subfolders] + [sub / top / "__init__.py" for sub in subfolders]
    return any(path.is_file() for path in near)


def is_package(module: str, names: tuple[str, ...], folder: Path) -> bool:
    """Whether a missing `module` (imported, or `names` imported from it, by a target in `folder`)
    is taken for an uninstalled package, to stand in for, rather than a file of the learner's that
    is not where Python finds it: a known package is one; a name with a file of that name near the
    target, or a plain module a class or `*` is imported from (`from activations import ReLU`), is
    the learner's own; anything else is taken for a package (the report still says what to do if
    it is the learner's)."""
    top = module.partition(".")[0]
    if top in KNOWN_PACKAGES:
        return True
    if _learner_file(top, folder):
        return False
    return "." in module or not any(name == "*" or name[:1].isupper() for name in names)
