"""The jimcode command line: a thin layer that parses, calls the library and renders.

Each module below registers the commands of one area on the shared `app`.
"""

from jimcode.cli import agreement_cmds as agreement_cmds
from jimcode.cli import codebook_cmds as codebook_cmds
from jimcode.cli import coding_cmds as coding_cmds
from jimcode.cli import interchange_cmds as interchange_cmds
from jimcode.cli import lineage_cmds as lineage_cmds
from jimcode.cli import pseudonymise_cmds as pseudonymise_cmds
from jimcode.cli import summary_cmds as summary_cmds
from jimcode.cli import transcript_cmds as transcript_cmds
from jimcode.cli.app import app, main

__all__ = ["app", "main"]
