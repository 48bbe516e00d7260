"""The speaker stage: one speaker per physical gathering and optional guests (rule H10)."""
