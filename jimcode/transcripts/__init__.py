"""Transcripts: readers for each file format and segmentation into speaker turns.

`jimcode.transcripts.readers.read_transcript(path)` is the entry point: .md/.txt (optional YAML
front matter), .docx, .vtt and .srt in, an ordered list of segments with stable ids out.

This package's `__init__` imports nothing, so that `jimcode.transcripts.model` (which the record
model needs) loads without the readers; import from the modules themselves.
"""
