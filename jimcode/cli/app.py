"""The Typer app, global options, and the one place where the ways a command ends become exit codes."""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from jimcode import __version__
from jimcode.cli import messages
from jimcode.errors import EXIT_BUG, CheckFailed, Interrupted, JimcodeError, UsageError

_debug = False


# The order of a study: set up, code, report, compare coders, exchange, then the tools.
COMMAND_ORDER = (
    "init", "pseudonymise", "segment", "code", "summary", "retrieve", "agreement", "reconcile",
    "export", "import", "validate", "show", "codebook", "migrate", "schema",
)  # fmt: skip


# Commands that save every decision as it is made, so an interruption loses nothing.
_RESUMABLE_COMMANDS = frozenset({"code", "reconcile"})


def _reflowed(help_text: str) -> str:
    """A command's help as paragraphs that wrap at the terminal's width: the lines of each paragraph
    joined. Typer keeps a docstring's own line breaks, which at 80 columns break sentences in two."""
    paragraphs = inspect.cleandoc(help_text).split("\n\n")
    return "\n\n".join(_joined(paragraph) for paragraph in paragraphs)


def _joined(paragraph: str) -> str:
    indent = paragraph[: len(paragraph) - len(paragraph.lstrip(" "))]  # an example stays indented
    return indent + " ".join(line.strip() for line in paragraph.splitlines())


def _reflow_all(command: Any) -> None:
    if command.help:
        command.help = _reflowed(command.help)
    for child in getattr(command, "commands", {}).values():
        _reflow_all(child)


class _JimcodeGroup(TyperGroup):
    """The one place where the ways a command ends become exit codes and one line on stderr."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _reflow_all(self)

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: COMMAND_ORDER.index(n) if n in COMMAND_ORDER else len(COMMAND_ORDER))

    def invoke(self, ctx: Any) -> Any:
        try:
            try:
                return super().invoke(ctx)
            except KeyboardInterrupt:
                # Ctrl-C, or SIGTERM/SIGHUP during a session (see coding_run).
                resumable = ctx.invoked_subcommand in _RESUMABLE_COMMANDS
                raise Interrupted(_say("cli.interrupted_session" if resumable else "cli.interrupted")) from None
            except typer.BadParameter as exc:
                if type(exc) is not typer.BadParameter or exc.param is None:
                    raise  # a missing argument (a subclass): the usage and the hint to -h say it best
                raise UsageError(bad_value_message(exc)) from None
            except OSError as exc:
                if (problem := _environment_problem(exc)) is None:
                    raise
                raise JimcodeError(problem) from None
        except Interrupted as exc:
            messages.note(str(exc), fresh_line=True)
            raise typer.Exit(exc.exit_code) from None
        except JimcodeError as exc:
            if _debug and not isinstance(exc, CheckFailed):  # a failed check is an answer, not a fault
                raise
            messages.error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if _debug or type(exc).__module__.startswith(("click", "typer")):
                raise
            messages.error(
                f"internal error: {type(exc).__name__}: {exc}. This is a bug in jimcode; "
                "rerun with --debug for a traceback and report it"
            )
            raise typer.Exit(EXIT_BUG) from None


def _environment_problem(exc: OSError) -> str | None:
    """A full disk, a file size limit or a read-only folder where no command expected one, in one line:
    the environment's doing, not a bug (writes are atomic, so nothing half-written remains)."""
    from jimcode.fileio import ENVIRONMENT_ERRNOS, write_problem

    if exc.errno not in ENVIRONMENT_ERRNOS:
        return None
    return f"{exc.filename}: {write_problem(exc)}" if exc.filename else write_problem(exc)


_say = messages.before_codebook  # no codebook is known here


def bad_value_message(exc: typer.BadParameter) -> str:
    """A bad option or argument value in jimcode's words, e.g. `--format: 'pdf' is not one of table, json`.

    Typer checks values with pydantic and says "Value error, ..." in a framed box; this says what was
    given and what may be.
    """
    from pydantic import ValidationError  # typer's checks raise it; importing it at start-up would cost time

    param = exc.param
    assert param is not None
    name = next((o for o in param.opts if o.startswith("--")), None) or (param.metavar or param.name or "").upper()
    cause = exc.__cause__
    problem = cause.errors()[0] if isinstance(cause, ValidationError) and cause.errors() else None
    if problem is None or not isinstance(problem.get("input"), str):
        return f"{name}: {exc.message}"  # a callback's own words
    given, kind, bounds = problem["input"], problem["type"], problem.get("ctx", {})
    descriptor = getattr(param, "type_descriptor", None)  # how typer knows a choice (typer >= 0.25)
    if kind == "value_error" and descriptor is not None and descriptor.is_choice:
        choices = ", ".join(str(getattr(c, "value", c)) for c in descriptor.choices or ())
        return _say("cli.not_one_of", name=name, given=given, choices=choices)
    if kind in ("int_parsing", "int_from_float"):
        return _say("cli.not_whole", name=name, given=given)
    if kind == "float_parsing":
        return _say("cli.not_number", name=name, given=given)
    if kind == "greater_than_equal":
        return _say("cli.less_than", name=name, given=given, bound=bounds["ge"])
    if kind == "less_than_equal":
        return _say("cli.more_than", name=name, given=given, bound=bounds["le"])
    return f"{name}: '{given}': {str(problem['msg']).removeprefix('Value error, ')}"


app = typer.Typer(
    cls=_JimcodeGroup,
    name="jimcode",
    help=(
        "Qualitative coding of interview transcripts in the terminal.\n\n"
        "Codebooks in YAML, one coded record per transcript and coder, study tables, "
        "inter-coder agreement and codebook validation for CI.\n\n"
        "Example: jimcode init my-study && cd my-study && jimcode code --coder anna\n\n"
        "Example: jimcode summary coded/ --format html --output results.html"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"jimcode {__version__}\n")
        raise typer.Exit()


@app.callback()
def _global_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a full traceback when something goes wrong.")] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="en|nl",
            help="The language of screens, reports and messages (default: JIMCODE_LANG, else the codebook's "
            "language, else the system locale's, else English). JSON keys, CSV columns and exit codes never change.",
        ),
    ] = None,
) -> None:
    global _debug
    _debug = debug
    from jimcode._platform import report_oversized_writes

    report_oversized_writes()  # past `ulimit -f` a write fails (one clean line) instead of killing jimcode
    from jimcode.i18n import request_language

    request_language(None)  # first, so that a bad --lang never leaves the previous run's choice in place
    try:
        request_language(lang)
    except ValueError as exc:
        raise UsageError(f"--lang: {exc}") from None


def emit(data: str | bytes, output: Path | None) -> None:
    """The user's data: raw to stdout (never through rich), or atomically to `output`."""
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return
    from jimcode.fileio import write_file

    write_file(output, data)
    messages.note(_say("cli.wrote", path=output))


def emit_streamed(write_all: Callable[[Callable[[bytes], Any]], None], output: Path | None) -> None:
    """`emit` for data written in pieces (a long report): `write_all` is handed a function taking UTF-8
    bytes, which go raw to stdout as they come, or atomically to `output` (which appears only when all
    was written)."""
    if output is None:
        sys.stdout.flush()
        try:
            write_all(sys.stdout.buffer.write)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            # The reader has had enough (`| head`): nothing more to write, and nothing wrong.
            # stdout now goes nowhere, so that the interpreter's last flush does not fail too.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    from jimcode.fileio import file_writer

    with file_writer(output) as stream:
        write_all(stream.write)
    messages.note(_say("cli.wrote", path=output))


def emit_pieces(pieces: Iterable[str], output: Path | None) -> None:
    """`emit_streamed` for text made piece by piece."""

    def write_all(write: Callable[[bytes], Any]) -> None:
        for piece in pieces:
            write(piece.encode("utf-8"))

    emit_streamed(write_all, output)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="jimcode")
