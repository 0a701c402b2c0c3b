"""Renderers: turn results into strings or rich renderables; they never read files."""
