"""budgetlens.extract"""
