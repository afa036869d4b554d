"""Readers of gold data and corpora, below eval and training, which both read them."""
