"""Theano's ``scan_checkpoints``: a scan returning its outputs every ``save_every_N`` steps.

Theano split the loop in blocks of ``save_every_N`` steps, kept only each block's last
state and recomputed the rest in the backward pass (less memory).  The values are the
same as a plain scan's at steps N-1, 2N-1, ..., n_steps-1; here the whole loop is one
``lax.scan`` and XLA schedules its memory.
"""
from theanox.scan import scan
from theanox.tensor import basic as B


def scan_checkpoints(fn, sequences=[], outputs_info=None, non_sequences=[],
                     name="checkpointscan_fn", n_steps=None, save_every_N=10, padding=True):
    """Returns (outputs at every ``save_every_N``-th step and the last one, updates)."""
    sequences = sequences if isinstance(sequences, list) else [sequences]
    outputs_info = outputs_info if isinstance(outputs_info, list) else [outputs_info]
    non_sequences = non_sequences if isinstance(non_sequences, list) else [non_sequences]
    for element in outputs_info:
        if isinstance(element, dict) and "taps" in element:
            raise RuntimeError("scan_checkpoints doesn't work with taps.")
    if n_steps is None:
        if not sequences:
            raise ValueError("scan_checkpoints: give sequences or n_steps")
        n_steps = sequences[0].shape[0]
    results, updates = scan(fn, sequences=sequences, outputs_info=outputs_info,
                            non_sequences=non_sequences, n_steps=n_steps, name=name)
    n_steps = B.as_tensor_variable(n_steps)
    n_blocks = B.cast(B.ceil(n_steps / float(save_every_N)), "int64")
    kept = B.minimum(B.arange(n_blocks) * save_every_N + (save_every_N - 1), n_steps - 1)
    if isinstance(results, (list, tuple)):
        return [r[kept] for r in results], updates
    return results[kept], updates
