"""tests/: binds spec/, symbolic/ and properties/ to impl/ or to the target given by --impl."""
