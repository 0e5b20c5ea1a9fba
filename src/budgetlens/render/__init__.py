"""budgetlens.render"""
