"""The coding session at a terminal: a thin rich adapter over `jimcode.session.state` (all on stderr).

Each prompt redraws one screen: where the coder is, the previous segment dimmed,
the current segment, what is applied, the code menu and a help line. Messages
from the last command appear just above the prompt.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence

from rich.console import Console, RenderableType
from rich.text import Text

from jimcode.codebook.model import NumberedCode
from jimcode.i18n import DEFAULT_LANGUAGE, Words
from jimcode.records.model import SegmentDecision
from jimcode.records.store import LockInfo
from jimcode.render.session_screen import PAGE_KEY, cropped, definition, help_box, layout, matches
from jimcode.session import commands as lang
from jimcode.session.context import SessionState, SessionStep
from jimcode.session.events import Completed, Level, Notice, Saved, ShowDefinition, ShowHelp, ShowMatches, Stopped
from jimcode.session.recode import STOP, parse_answer
from jimcode.session.run import SessionInfo


class TerminalIO:
    """A person at a terminal: one screen per prompt, line editing where readline is available."""

    scripted = False

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True, highlight=False)
        self.messages: list[RenderableType] = []
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (line editing and history for input())

    # SessionIO
    def begin(self, info: SessionInfo, state: SessionState) -> None:
        """Nothing to do: the first screen is drawn by `read` (with any messages so far)."""

    def notice(self, text: str, level: Level = "info") -> None:
        style = {"info": "cyan", "warning": "yellow", "error": "bold red"}[level]
        self.messages.append(Text(text, style=style))

    def read(self, info: SessionInfo, state: SessionState) -> str | None:
        """Draw the screen, the last command's messages under it, and read a line.

        Everything fits the terminal's height so the header never scrolls away: messages take at most
        half of it, the screen the rest. `+` shows the next part of the messages, once they are all
        seen the next part of the segment (or case question, verdict), without leaving the prompt;
        when nothing is cropped it is read as any other line.
        """
        messages, self.messages = self.messages, []
        page = skip = 0
        from_line: int | None = None  # the segment's next part: its rows change as messages come and go
        while True:
            self.console.clear()
            width, height = self.console.width, self.console.height
            room = max(height // 2, 3)
            shown, used, hidden = cropped(messages, width, room, skip)
            drawn, paged, following = layout(info, state, width, height - used, page, from_line)
            self.console.print(drawn)
            self.console.print(shown)
            try:
                line = read_line(prompt_text(state, info.language))
            except EOFError:
                return "q"
            if line.strip() != PAGE_KEY or not (hidden or paged):
                return line
            if hidden:
                skip += room - 1
            else:
                messages, page, from_line = [], page + 1, following

    def show(self, info: SessionInfo, result: SessionStep) -> None:
        for event in result.events:
            if isinstance(event, Notice):
                self.notice(event.text, event.level)
            elif isinstance(event, Saved):
                self.messages.append(Text(f"✓ {event.text}", style="green"))
            elif isinstance(event, ShowDefinition):
                self.messages.append(definition(event.code.number, event.code.code, info.language))
            elif isinstance(event, ShowMatches):
                self.messages.append(matches(event, info.language))
            elif isinstance(event, ShowHelp):
                self.messages.append(help_box(lang.help_text(event.phase, info.language), info.language))
            elif isinstance(event, Completed):
                said = Words(info.language)("session.completed", id=info.transcript.id, file=info.record_file)
                self.console.print(Text(said, style="bold green"))
            elif isinstance(event, Stopped):
                said = Words(info.language)("session.stopped", file=info.record_file)
                self.console.print(Text(said, style="cyan"))

    def confirm_take_over(self, lock: LockInfo, language: str = DEFAULT_LANGUAGE) -> bool:
        say = Words(language)
        self.console.print(Text(say("ask.stale_lock", holder=lock.describe(language)), style="yellow"))
        return ask_yes_no(say("ask.take_over"), language=language)

    def retry_save(self, message: str, language: str = DEFAULT_LANGUAGE) -> bool:
        """A failed save (a full disk): wait for the coder to free space; `q` stops (earlier decisions are saved)."""
        self.console.print(Text(message, style="bold red"))
        try:
            answer = read_line(Words(language)("ask.retry"))
        except EOFError:
            return False
        return answer.strip().casefold() not in ("q", "quit", "stop")

    def edit_memo(self, current: str | None, language: str = DEFAULT_LANGUAGE) -> str | None:
        text = read_line(Words(language)("ask.memo"), prefill=current or "")
        return text.strip() or None


def ask_yes_no(question: str, default: bool = False, language: str = DEFAULT_LANGUAGE) -> bool:
    """A yes/no question at the terminal; `j`/`ja` are yes in every language."""
    hint = Words(language)("ask.yes_no_default_yes" if default else "ask.yes_no")
    try:
        answer = read_line(f"{question} {hint} ").strip().casefold()
    except EOFError:
        return False
    return default if not answer else answer in ("y", "yes", "j", "ja")


def read_line(prompt: str, prefill: str = "") -> str:
    """A line from the terminal; the prompt goes to stderr when stdout is not the terminal."""
    with _prefilled(prefill):
        if sys.stdout.isatty():
            return input(prompt)
        sys.stderr.write(prompt)
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")


@contextlib.contextmanager
def _prefilled(text: str) -> Iterator[None]:
    try:
        import readline
    except ImportError:
        yield
        return
    if not text:
        yield
        return
    readline.set_startup_hook(lambda: readline.insert_text(text))
    try:
        yield
    finally:
        readline.set_startup_hook()


def prompt_text(state: SessionState, language: str = "en") -> str:
    position = state.position
    if position.phase == "segments":
        return f"[{position.index + 1}/{len(state.segments)}] › "
    if position.phase == "attributes":
        return Words(language)("session.prompt_answer")
    if position.phase == "verdicts":
        return Words(language)("session.prompt_verdict")
    return "› "


def ask_recode(
    decision: SegmentDecision, successors: Sequence[NumberedCode], old: str, language: str = "en"
) -> tuple[str, ...] | None:
    """`code --recode` at a terminal: the segment, its split code's successors, the coder's choice (None: stop)."""
    console = Console(stderr=True, highlight=False)
    speaker = f"{decision.speaker}: " if decision.speaker else ""
    console.print(Text.assemble("\n", (decision.segment_id, "bold"), " ", (speaker, "cyan"), decision.text))
    for number, entry in enumerate(successors, start=1):
        key = f" [{entry.code.shortcut}]" if entry.code.shortcut else ""
        console.print(
            Text.assemble(f"  {number}  ", (entry.code.label, "green"), key, (f"  {entry.code.definition}", "dim"))
        )
    while True:
        try:
            answer = read_line(Words(language)("recode.prompt", old=old)).strip()
        except EOFError:
            return None
        if answer == STOP:
            return None
        chosen = parse_answer(answer, successors, language)
        if not isinstance(chosen, str):
            return chosen
        console.print(Text(chosen, style="red"))


def say(text: str) -> None:
    """One line of progress (a recoded segment), on stderr."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
