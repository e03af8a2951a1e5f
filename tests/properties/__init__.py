"""The property catalogue bound to the target (impl/ or --impl=TARGET), one file per area."""
