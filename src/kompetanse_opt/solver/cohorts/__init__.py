"""solver/cohorts."""
