"""symbolic/: SymPy derives every gradient from spec/'s forward definitions and proves it equal
to the notes' closed form; lambdified references for the properties. Imports sympy, numpy and spec/.
"""
