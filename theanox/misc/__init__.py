"""``theano.misc``: ``pkl_utils`` (zip archives of pickles with NumPy arrays)."""
