"""The property catalogue, defined once: a typed record per property (its module, name,
operation, family and check, its key and its test's node id), in the families' one order
(registry.FAMILIES, which the plugin runs and the report lists) — what the self-tests key their
kill matrix and killers by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backprop_spec.properties.catalogue import (
    dense,
    dropout,
    elementwise,
    fused,
    losses,
    network,
    regression,
    regularization,
    reuse,
    softmax,
)
from backprop_spec.properties.catalogue.registry import FAMILIES

MODULES = {"dense": dense, "elementwise": elementwise, "softmax": softmax, "losses": losses,
           "fused": fused, "network": network, "reuse": reuse, "regression": regression,
           "dropout": dropout, "regularization": regularization}
TEST_MODULE = "properties/verify/checks/test_catalogue.py"  # the one test module that runs the catalogue


@dataclass(frozen=True)
class Property:
    """One property: `dense.matches_symbolic` runs as
    test_catalogue.py::test_property[dense.matches_symbolic]."""

    module: str
    check: Any

    @property
    def name(self) -> str:
        return str(self.check.__name__)

    @property
    def op(self) -> str:
        return str(self.check.op)

    @property
    def family(self) -> str:
        return str(self.check.family)

    @property
    def key(self) -> str:
        return f"{self.module}.{self.name}"

    @property
    def node_id(self) -> str:
        return f"{TEST_MODULE}::test_property[{self.key}]"


CATALOGUE = tuple(sorted((Property(name, check) for name, module in MODULES.items()
                          for check in module.PROPERTIES),
                         key=lambda p: FAMILIES.index(p.family)))  # stable: modules' order within
BY_KEY = {p.key: p for p in CATALOGUE}
BY_NODE_ID = {p.node_id: p for p in CATALOGUE}
