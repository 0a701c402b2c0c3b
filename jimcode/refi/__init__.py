"""REFI-QDA interchange: codebooks (.qdc) and projects (.qdpx) shared with ATLAS.ti, MAXQDA, NVivo and others.

- `codebook_out`: a jimcode codebook as a `.qdc` (and the codebook part of a project).
- `codebook_in`: any tool's `.qdc` / `.qdpx` / `.qde` codebook as a jimcode codebook (YAML).
- `project_out`: coded records as a `.qdpx` project.
- `project_in`: a `.qdpx` project back to coded records.

What jimcode keeps that the standard has no place for travels in a `[jimcode]` block at the end of a
`Description` (see `qdaxml.with_marker`); other tools show it as text, jimcode reads it back.
"""
