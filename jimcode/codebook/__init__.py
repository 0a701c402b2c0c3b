"""Codebooks: the model, case attributes, and labels for records."""
