"""solver/calendar."""
