"""spec/: what each operation is — SymPy forward definitions, the notes' closed forms and
derivation steps, errata, the notes' literal code and the edge-case catalogue. Imports numpy and sympy.
"""
