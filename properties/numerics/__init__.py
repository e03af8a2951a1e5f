"""properties/numerics/: the numbers — tolerances from rounding-error analysis, numeric
differentiation with error bounds, the one comparison engine, the vector–Jacobian check and what a
test observes. Imports numpy, hypothesis and spec/; nothing of the target or the catalogue.
"""
