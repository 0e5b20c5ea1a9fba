#!/usr/bin/env bash
# Install budgetlens with every extra and run the whole test suite, lint and type checks.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q -e ".[all,dev]"
python3 -m ruff check src tests benchmarks
python3 -m mypy src
python3 -m pytest -q -n 2 "$@"
