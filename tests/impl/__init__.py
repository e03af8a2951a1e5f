"""Example-based tests of impl/'s own choices; expected values worked out by hand from the notes' formulas."""
