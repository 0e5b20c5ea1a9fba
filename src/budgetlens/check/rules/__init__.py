"""The rule catalogue: importing this package registers every rule (one module a family)."""

from budgetlens.check.rules import (  # noqa: F401
    classification,
    completeness,
    cross,
    meta,
    narrative,
    performance,
    procurement,
    reading,
    sums,
)
