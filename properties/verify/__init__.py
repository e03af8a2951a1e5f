"""The pytest binding of the property catalogue, shipped inside the package so that
`backprop-verify my_layers.py` runs it without a clone: the plugin (options, the target, the
order of tests), the property test modules in `checks/`, the verdict report and the command."""

from pathlib import Path

CHECKS = Path(__file__).resolve().parent / "checks"
DEFAULT_TARGET = "backprop_spec.impl"  # verified when no target is named: the bundled implementation
