"""Analyze: components that read the article and add to the Analysis."""
