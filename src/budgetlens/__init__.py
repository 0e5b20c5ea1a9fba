"""budgetlens: read, check, store, compare and write Chinese budget disclosures (预决算公开)."""

__version__ = "0.1.0"
