"""Benchmarks of `reconcile`, outside the package: each module measures one stage and returns one flat dict."""
