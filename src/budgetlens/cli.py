"""The ``budgetlens`` command.

Each stage contributes its subcommands from ``budgetlens.<stage>.commands`` through a
``register(app)`` function, so that this file stays a thin shell.
"""

from __future__ import annotations

import importlib
import sys

import typer

from budgetlens.errors import BudgetlensError

app = typer.Typer(
    name="budgetlens",
    help="预决算公开文件的读取、检查、存储、比较与编制工具。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

@app.callback()
def _root() -> None:
    """预决算公开文件的读取、检查、存储、比较与编制工具。"""


_STAGES = ("extract", "check", "store", "analyze", "render", "batch", "web")


def _register_all() -> None:
    for stage in _STAGES:
        try:
            module = importlib.import_module(f"budgetlens.{stage}.commands")
        except ModuleNotFoundError as exc:
            if exc.name == f"budgetlens.{stage}.commands":
                continue
            raise
        module.register(app)


_register_all()


def main() -> None:
    """Entry point: user errors print one line in Chinese and exit 2, never a traceback."""
    try:
        app()
    except BudgetlensError as exc:
        typer.echo(f"错误：{exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("已中断", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
