"""theanox.sandbox: Theano's experimental corner; ``rng_mrg`` holds MRG_RandomStreams."""
