"""impl/: the NumPy implementation of the notes' layers, activations and losses.

Imports numpy only; nothing else in the project may be imported from here.
"""
