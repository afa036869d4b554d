"""The ledger: analyses of many articles kept in a database (SQLite by default, PostgreSQL by URL).

``store.py`` is the storage (SQLAlchemy 2 models, Alembic migrations in ``migrations/``);
``ingest.py`` reads inputs, analyzes them and stores each document in one transaction.
"""
