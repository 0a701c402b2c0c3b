"""Consensus between coders: the pure machine, merging, the durable run and its terminal."""
