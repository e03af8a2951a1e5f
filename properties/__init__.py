"""properties/: Hypothesis strategies, numeric differentiation and the property catalogue, written
against an adapter over any implementation. Imports hypothesis, numpy, spec/ and symbolic/.
"""
