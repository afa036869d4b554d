"""Knowledge every stage reads: the language data's typed loader, cue lexicon and agency names.

It sits right above ``resources`` (the data files) and below ingest, extract, analyze and the
ledger, so that each stage imports it without reaching across to another stage.
"""
