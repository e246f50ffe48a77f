"""Small data sets for tutorials and tests (MNIST)."""
from theanox.datasets.mnist import load_mnist, mnist_search_paths, one_hot, read_idx

__all__ = ["load_mnist", "mnist_search_paths", "one_hot", "read_idx"]
