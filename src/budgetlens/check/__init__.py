"""budgetlens.check"""
