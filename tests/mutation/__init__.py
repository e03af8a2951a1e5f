"""Mutation testing of impl/: the mutmut driver and the list of equivalent mutants."""
