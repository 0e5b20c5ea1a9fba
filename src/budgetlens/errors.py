"""Errors that reach the user: one clear line naming the file and the place, never a traceback."""

from __future__ import annotations


class BudgetlensError(Exception):
    """Base class. ``str(err)`` is the whole message shown to the user (Simplified Chinese)."""

    def __init__(self, message: str, path: str | None = None, where: str | None = None) -> None:
        self.message = message
        self.path = path
        self.where = where
        super().__init__(self.render())

    def render(self) -> str:
        head = self.path or ""
        if self.where:
            head = f"{head} {self.where}" if head else self.where
        return f"{head}：{self.message}" if head else self.message


class ReadError(BudgetlensError):
    """A file could not be read (empty, binary, unknown encoding, corrupt, too large …)."""


class ExtractError(BudgetlensError):
    """Blocks were read but no disclosure could be made of them."""


class InputError(BudgetlensError):
    """Structured budget input (for rendering) is invalid."""
