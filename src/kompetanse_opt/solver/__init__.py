"""Optimisation stages, each a CP-SAT model split into variables, constraints and objective."""
