"""paragraph"""
