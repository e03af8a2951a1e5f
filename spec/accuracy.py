"""What counts as a correct value: judge a value at the scale it lives on. These numbers define
the suite's acceptance (properties/numerics/tolerances.py applies them) and are stated in SPEC.md."""

# Below SCALE_ULPS units of roundoff u of a value's natural scale (1 for a probability, |dvalue|
# for a backward), any value passes: it vanishes when it meets anything of its own scale.
SCALE_ULPS = 8
# Each value may carry this many underflowed terms (each off by up to the smallest normal number,
# times what multiplies it afterwards) and subnormal roundings, on each side of a comparison.
UNDERFLOW_OPS = 4
