"""solver/groups."""
