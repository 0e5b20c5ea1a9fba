"""budgetlens.web"""
