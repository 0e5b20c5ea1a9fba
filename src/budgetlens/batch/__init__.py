"""budgetlens.batch"""
