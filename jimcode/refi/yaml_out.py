"""An imported codebook as YAML text a researcher can read and diff."""

from __future__ import annotations

import yaml

from jimcode.refi.codebook_in import ImportedCodebook

# libyaml's emitter writes a large codebook about ten times faster than PyYAML's (the same text).
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """SafeDumper that writes multi-line text as a `|` block (readable in a diff)."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and value == value.strip() and "\t" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def codebook_yaml(imported: ImportedCodebook, file_name: str) -> str:
    """The codebook as YAML text, with a header saying where it came from and what to check."""
    from jimcode import __version__

    header = [
        f"# Imported by jimcode {__version__} from {file_name}"
        + (f" (written by {imported.origin.split(' | ')[0]})" if imported.origin else ""),
        "# Check the research questions, definitions and language before coding with it.",
    ]
    body = yaml.dump(imported.data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(header) + "\n" + body
