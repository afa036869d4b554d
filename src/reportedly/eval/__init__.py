"""Scorers for gold data: article extraction (and, later, attribution)."""
