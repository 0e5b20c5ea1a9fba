"""budgetlens.read"""
