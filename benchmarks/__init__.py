"""theanox benchmarks against hand-written JAX: run ``python -m benchmarks``."""
