def batches(n, size):
    """Number of whole batches (Python 2 integer division)."""
    return n / size
