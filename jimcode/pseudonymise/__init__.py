"""Pseudonymisation: transcripts and records made safe to share before a second coder or an archive sees them.

`key` (the key file), `replace` (names in text), `dates` (shifted or reduced to the month), `transcript`
(the Markdown that is written), `run` (files, records and study folders), `suggest` (candidates not in the
key) and `check` (what is left, for CI). Import from the modules themselves.
"""
