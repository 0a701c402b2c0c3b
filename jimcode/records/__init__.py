"""Coded records: the model, the durable store, checks, realignment, streaming reads."""
