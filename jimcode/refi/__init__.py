"""REFI-QDA interchange: codebooks (.qdc) and projects (.qdpx) shared with ATLAS.ti, MAXQDA, NVivo and others.

- `codebook_out`: a jimcode codebook as a `.qdc` (and the codebook part of a project).
- `codebook_read`, `codebook_in`, `yaml_out`: any tool's codebook (`.qdc`, `.qdpx`, `.qde`) read
  tolerantly, turned into a jimcode codebook, written as YAML.
- `project_out`, `project_text`: coded records as a `.qdpx` project.
- `project_read`, `project_in`: a `.qdpx` project back to coded records.
- `container`, `qdaxml`: opening the files; namespaces, GUIDs, safe XML text, `[jimcode]` blocks.

What jimcode keeps that the standard has no place for travels in a `[jimcode]` block at the end of a
`Description` (see `qdaxml.with_marker`); other tools show it as text, jimcode reads it back.
"""
