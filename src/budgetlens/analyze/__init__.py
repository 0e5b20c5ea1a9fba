"""budgetlens.analyze"""
