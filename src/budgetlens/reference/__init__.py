"""budgetlens.reference"""
