"""properties/inputs/: what the properties feed a target — Hypothesis strategies, the input class
each argument belongs to (and which are switched off), the profiles and fixed draws. Imports
numpy, hypothesis, spec/ and numerics/.
"""
