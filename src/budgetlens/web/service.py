"""The web app's door to the store: opens the corpus when ``budgetlens.store`` is usable.

Checking uploads needs only read → extract → check; the corpus, compare and export pages need
the store (``budgetlens.store``) and the analysis stage (``budgetlens.analyze``). Those are
imported here, lazily, so that the app starts and checks files even when the store is not
installed or cannot be imported; the corpus endpoints then answer 503 with a message in Chinese.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from budgetlens.errors import BudgetlensError

if TYPE_CHECKING:
    from budgetlens.web.corpus import Corpus

log = logging.getLogger(__name__)

# Shown (and used) when the analysis stage does not say which quantities it resolves.
DEFAULT_CHOSEN: tuple[str, ...] = ("本年收入合计", "本年支出合计", "基本支出", "项目支出")


class NotFound(BudgetlensError):
    """Nothing stored under that id (HTTP 404)."""


class CorpusUnavailable(BudgetlensError):
    """The store cannot be used (not installed, failed to import, or the database cannot be opened)."""

    status = 503


def _load() -> type[Corpus]:
    try:
        from budgetlens.web.corpus import Corpus
    except Exception as exc:  # ImportError, or a store module broken at import time
        log.warning("store unavailable: %s: %s", type(exc).__name__, exc)
        raise CorpusUnavailable(f"资料库功能不可用：存储模块无法加载（{type(exc).__name__}），"
                                "单个文件的检查不受影响") from exc
    return Corpus


def store_available() -> bool:
    """True when the store and analysis stages import cleanly."""
    try:
        _load()
    except CorpusUnavailable:
        return False
    return True


def open_corpus(url: str | None) -> Corpus:
    """The corpus at ``url`` (SQLite path or database URL; default as the store decides)."""
    corpus_cls = _load()
    try:
        return corpus_cls.open(url)
    except BudgetlensError:
        raise
    except Exception as exc:
        log.warning("cannot open store %r: %s: %s", url, type(exc).__name__, exc)
        raise CorpusUnavailable(f"资料库无法打开（{type(exc).__name__}），请检查 --db 设置") from exc


def concepts() -> tuple[str, ...]:
    """The standard quantities the store resolves at ingest (empty when the store is unavailable)."""
    try:
        from budgetlens.analyze.resolver import STANDARD_QUANTITIES
    except Exception:
        return ()
    return tuple(STANDARD_QUANTITIES)
