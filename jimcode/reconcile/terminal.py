"""The reconcile session at a terminal: the disagreement on stderr, a prompt, colour where it helps."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from jimcode.codebook.labels import Labels
from jimcode.i18n import DEFAULT_LANGUAGE, words
from jimcode.reconcile.state import ReconcileContext, ReconcileState
from jimcode.records.store import LockInfo
from jimcode.render.reconcile_view import LineRole, item_lines
from jimcode.session.events import Level

_STYLES = {"info": "", "warning": "yellow", "error": "bold red"}
_ROLE_STYLES: dict[LineRole, str] = {"head": "bold", "muted": "dim", "proposal": "green", "": ""}


class TerminalReconcileIO:
    scripted = False

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True, highlight=False)

    def show_item(self, state: ReconcileState, context: ReconcileContext, labels: Labels) -> None:
        self.console.print()
        for text, role in item_lines(state, context, labels, self.console.width):
            self.console.print(Text(text, style=_ROLE_STYLES[role]))

    def show_text(self, text: str) -> None:
        self.console.print(Text(text))

    def decided(self, text: str) -> None:
        self.console.print(Text(f"  {text}", style="green"))  # green: saved

    def message(self, text: str, level: Level = "info") -> None:
        self.console.print(Text(text, style=_STYLES.get(level, "")))

    def read(self, prompt: str) -> str | None:
        try:
            return self.console.input(Text(prompt))  # plain text: `[j/N]` is no markup tag
        except EOFError:
            return None

    def confirm_take_over(self, lock: LockInfo, language: str = DEFAULT_LANGUAGE) -> bool:
        say = words(language)
        self.message(say("ask.stale_lock", holder=lock.describe(language)), "warning")
        answer = self.read(f"{say('ask.take_over')} {say('ask.yes_no')} ")
        return (answer or "").strip().casefold() in ("y", "yes", "j", "ja")

    def retry_save(self, message: str, language: str = DEFAULT_LANGUAGE) -> bool:
        """A failed save (a full disk): wait for the team to free space; `q` stops (earlier decisions are saved)."""
        self.console.print(Text(message, style="bold red"))
        answer = self.read(words(language)("ask.retry"))
        return answer is not None and answer.strip().casefold() not in ("q", "quit", "stop")
