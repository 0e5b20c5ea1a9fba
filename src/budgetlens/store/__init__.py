"""budgetlens.store"""
