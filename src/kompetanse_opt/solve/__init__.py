"""Optimisation stages. Each stage is a CP-SAT model split into variables, constraints, objective."""
