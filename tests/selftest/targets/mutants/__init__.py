"""Realistic broken implementations: each module re-exports a correct rewrite with exactly one
method (or class) replaced by a bug. The catalogue (targets/catalogue.py) lists them."""
