from tests.store.dbutil import db, engine

__all__ = ["db", "engine"]
