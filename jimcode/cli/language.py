"""The language the user asked for (`jimcode --lang`, else `JIMCODE_LANG`), kept for the command that runs.

Commands pass `requested()` to the core, which falls back to the codebook's language once it
knows the codebook; `before_codebook()` is for words said before any codebook is known.
"""

from __future__ import annotations

from jimcode.errors import UsageError

# jimcode.i18n is imported where it is used: starting the CLI loads no more than the CLI.
_requested: str | None = None


def request(option: str | None) -> None:
    """Keep `--lang` (checked) for this run; None: only `JIMCODE_LANG` or the codebook decide."""
    from jimcode.i18n import LANGUAGES, supported

    global _requested
    if option is not None and supported(option) is None:
        raise UsageError(f"--lang: '{option}' is not one of {', '.join(LANGUAGES)}")
    _requested = supported(option)


def requested() -> str | None:
    """`--lang`, else `JIMCODE_LANG`: a language jimcode speaks, or None."""
    from jimcode.i18n import requested_language

    return requested_language(_requested)


def before_codebook() -> str:
    """The language of words said before any codebook is known: as requested, else the locale's, else English."""
    from jimcode.i18n import choose_language

    return choose_language(requested(), None)
