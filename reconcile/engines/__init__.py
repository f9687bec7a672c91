"""Engines: the same stage functions run in one process (pandas) or on a Dask cluster (dask)."""
