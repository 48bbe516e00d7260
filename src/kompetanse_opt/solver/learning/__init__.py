"""The learning-path stage (rule H9): modules into each cohort's sessions and self-study windows."""
