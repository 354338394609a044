"""Outputs into databases (SQLite, PostgreSQL) and flat JSONL files."""
