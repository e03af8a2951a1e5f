"""The learner corpus of issue 12 (catalogue.py) and the tests of the corpus itself."""
