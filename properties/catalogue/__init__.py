"""properties/catalogue/: the property catalogue — each operation's properties against the
adapter, filed by the registry under an operation and a check family, and indexed once. Imports
everything below it (numerics/, inputs/, target/, symbolic/, spec/); never pytest.
"""
