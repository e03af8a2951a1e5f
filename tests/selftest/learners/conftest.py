"""Keeps pytest from importing the learner targets: some replace numpy functions, train for minutes
or hang when imported or called (catalogue.py says which). Only test_corpus.py, which reads them
as text, is collected here."""

from tests.selftest.learners.catalogue import LEARNERS

collect_ignore = [str(path) for learner in LEARNERS for path in learner.files]
