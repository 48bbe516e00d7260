"""solver/politicians."""
