"""Small data sets for tutorials and tests (MNIST), downloaded on first use and verified."""
from theanox.datasets.mnist import (DatasetDownloadError, data_home, fetch_mnist,
                                    load_mnist, mnist_cache_dir, mnist_search_paths,
                                    one_hot, read_idx)

__all__ = ["DatasetDownloadError", "data_home", "fetch_mnist", "load_mnist",
           "mnist_cache_dir", "mnist_search_paths", "one_hot", "read_idx"]
