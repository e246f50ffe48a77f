"""Where a compiled function's values live: one device, or a mesh of devices.

Every Program is jitted with a ``Placement``: ``jax.jit``'s ``in_shardings`` and
``out_shardings`` for its arguments (inputs, then shared state, then what a stage
hands over) and results.  A plain function runs on ``config.device`` as it was when
the function was built (``one_device``): JAX moves an argument living elsewhere
(e.g. a shared variable created under another device) in the same dispatch.

``theano.function(..., sharding=DataParallel([x, y], devices=4))`` runs the
function data-parallel: axis 0 of ``x`` and ``y`` is split over a one-axis
``jax.sharding.Mesh``, shared variables are replicated (or split along an axis,
``shard={W: 1}``), and XLA's SPMD partitioner inserts the collectives (the
gradient all-reduce).  ``x`` may be an input of the function or a variable that
``givens`` replaces (the minibatch slice of a shared dataset): the slice then gets
a sharding constraint.  No change to the model code; docs/DEVICES.md has the guide.
"""
from theanox import config
from theanox.graph.basic import Apply, Op

AXIS = "data"          # the name of the mesh axis the batch is split over


class Placement:
    """Returns jax.jit's placement of a program's arguments and results.

    ``inputs``: one ``jax.sharding.Sharding`` per program input, or one for all;
    ``outputs``: one per output (``None``: XLA decides), one for all, or ``None``;
    ``extra``: the sharding of values a stage hands to the main program.
    """

    def __init__(self, inputs, outputs, extra):
        self.inputs = inputs
        self.outputs = outputs
        self.extra = extra

    def jit_options(self, n_extra):
        """Returns the ``in_shardings``/``out_shardings`` keywords of ``jax.jit``."""
        ins = self.inputs
        if isinstance(ins, tuple) and n_extra:
            ins = ins + (self.extra,) * n_extra
        opts = {"in_shardings": ins}
        if self.outputs is not None:
            opts["out_shardings"] = self.outputs
        return opts

    def put(self, outs):
        """Returns ``outs`` (computed op by op, maybe NumPy) on their devices."""
        import jax
        shardings = self.outputs
        if shardings is None:
            return outs
        if not isinstance(shardings, tuple):
            shardings = (shardings,) * len(outs)
        return tuple(o if s is None else jax.device_put(o, s)
                     for o, s in zip(outs, shardings))

    def for_stage(self):
        """Returns the placement of the program computing host values (same inputs)."""
        return Placement(self.inputs, None, self.extra)

    def wrap(self, run):
        """Returns ``run`` (a program's call path), explaining placement errors."""
        return run


def one_device(device=None):
    """Returns the Placement of a function running on ``device`` (``config.device``)."""
    import jax
    s = jax.sharding.SingleDeviceSharding(device or config.jax_device())
    return Placement(s, s, s)


def matmul_precision():
    """Returns JAX's default_matmul_precision for programs compiled now (config)."""
    return getattr(config, "matmul_precision", "highest")


class ShardingConstraint(Op):
    """Returns its input, laid out with ``sharding`` (``jax.lax.with_sharding_constraint``).

    Put on a ``givens`` replacement that DataParallel splits (the minibatch slice of
    a shared dataset, which itself stays replicated).
    """
    __props__ = ("sharding",)
    foldable = False

    def __init__(self, sharding):
        self.sharding = sharding

    def make_node(self, x):
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        import jax
        return jax.lax.with_sharding_constraint(x, self.sharding)

    def __str__(self):
        return "ShardingConstraint{%s}" % (self.sharding.spec,)

    def __reduce__(self):
        # jax devices do not pickle: keep the spec and the device ids of the mesh.
        return _constraint, (tuple(self.sharding.spec), _device_ids(self.sharding.mesh))


class DataParallel:
    """Returns a data-parallel plan for ``theano.function``'s ``sharding`` argument.

    ``inputs``: the variables whose axis 0 is the batch: inputs of the function or
    variables replaced through ``givens``; ``None`` means every input of the
    function with at least one dimension.  ``devices``: how many devices (the first
    N that JAX has on ``config.device``'s platform), a list of ``jax.Device``, or
    ``None`` for all of them.  ``shard``: ``{shared_variable: axis}`` stores those
    shared variables split along ``axis`` over the devices (parameters too large for
    one device); every other shared variable the function uses is replicated.
    """

    def __init__(self, inputs=None, devices=None, shard=None):
        if inputs is not None:
            inputs = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
            for v in inputs:
                if not hasattr(v, "type") or not hasattr(v.type, "ndim"):
                    raise TypeError("DataParallel(inputs=...) expects tensor variables (the "
                                    "batch inputs of the function), got %r" % (v,))
        shard = dict(shard or {})
        for s, axis in shard.items():
            if not hasattr(s, "get_value"):
                raise TypeError("DataParallel(shard=...) maps shared variables to an axis, "
                                "got the key %r" % (s,))
            if not isinstance(axis, int) or not -s.type.ndim <= axis < s.type.ndim:
                raise ValueError("DataParallel(shard=...): axis %r of shared variable %s "
                                 "is not an axis of a %d-d value"
                                 % (axis, s, s.type.ndim))
        self.inputs = inputs
        self.shard = {s: axis % s.type.ndim for s, axis in shard.items()}
        self.devices = _resolve_devices(devices)
        import jax
        import numpy as np
        self.mesh = jax.sharding.Mesh(np.array(self.devices), (AXIS,))

    def rebuilt(self, variables, swap=None):
        """Returns this plan for a copy of the function (inputs ``variables``, givens
        already applied; ``swap`` maps old shared variables to new ones)."""
        swap = swap or {}
        inputs = None if self.inputs is None else [
            v for v in self.inputs if any(v is w for w in variables)]
        return DataParallel(inputs, self.devices,
                            {swap.get(s, s): axis for s, axis in self.shard.items()})

    def __reduce__(self):
        return _data_parallel, (self.inputs, _device_ids(self.mesh), self.shard)

    def __repr__(self):
        return "DataParallel(inputs=%s, devices=%d%s)" % (
            self.inputs, len(self.devices),
            ", shard={%s}" % ", ".join("%s: %d" % kv for kv in self.shard.items())
            if self.shard else "")

    def sharding(self, axis=None, ndim=0):
        """Returns the NamedSharding splitting ``axis`` over the devices (None: replicated)."""
        from jax.sharding import NamedSharding, PartitionSpec
        if axis is None:
            return NamedSharding(self.mesh, PartitionSpec())
        return NamedSharding(self.mesh, PartitionSpec(*([None] * axis + [AXIS])))

    # ---------------------------------------------------------------- binding
    def constrain_givens(self, pairs):
        """Returns ``givens`` pairs whose batch replacements carry a sharding constraint."""
        wanted = self.inputs or []
        constraint = ShardingConstraint(self.sharding(0))
        return [(old, constraint(new) if any(old is v for v in wanted) else new)
                for old, new in pairs]

    def bind(self, variables, shared_vars, updated, n_out, given=()):
        """Returns the Placement of a function; places its shared variables on the mesh.

        ``variables``: the function's inputs; ``given``: the variables givens replaced.
        """
        batch = self.inputs if self.inputs is not None else [
            v for v in variables if v.type.ndim >= 1]
        for v in batch:
            if not any(v is w for w in variables) and not any(v is g for g in given):
                raise ValueError("DataParallel: %s is neither an input of this function nor "
                                 "a variable replaced through givens; list the function's "
                                 "batch inputs (or the givens keys that get the minibatch)"
                                 % (v,))
            if v.type.ndim == 0:
                raise ValueError("DataParallel: %s is a scalar; only an input with a batch "
                                 "axis (axis 0) can be split over devices" % (v,))
        for s in self.shard:
            if not any(s is w for w in shared_vars):
                raise ValueError("DataParallel(shard=...): shared variable %s is not used "
                                 "by this function" % (s,))
        n = len(self.devices)
        rep = self.sharding()
        ins = [self.sharding(0) if any(v is b for b in batch) else rep for v in variables]
        placed = {}
        for s in shared_vars:
            axis = self.shard.get(s)
            if axis is not None and s.get_value(borrow=True).shape[axis] % n:
                raise ValueError("DataParallel(shard=...): axis %d of shared variable %s has "
                                 "length %d, not a multiple of the %d devices"
                                 % (axis, s, s.get_value(borrow=True).shape[axis], n))
            placed[s] = self.sharding(axis)
            s.place(placed[s])
        ins += [placed[s] for s in shared_vars]
        outs = (None,) * n_out + tuple(placed[s] for s in updated)
        positions = [(k, v) for k, v in enumerate(variables) if any(v is b for b in batch)]
        return _MeshPlacement(tuple(ins), outs, rep, positions, n)


class _MeshPlacement(Placement):
    """A DataParallel function's Placement: says which input did not split evenly."""

    def __init__(self, inputs, outputs, extra, batch_positions, n_devices):
        super().__init__(inputs, outputs, extra)
        self.batch_positions = batch_positions
        self.n_devices = n_devices

    def wrap(self, run):
        def run_split(values):
            try:
                return run(values)
            except ValueError:
                self._check(values)
                raise
        return run_split

    def _check(self, values):
        import numpy as np
        n = self.n_devices
        for k, v in self.batch_positions:
            shape = np.shape(values[k])
            if shape and shape[0] % n:
                raise ValueError(
                    "DataParallel splits axis 0 of input %s over %d devices, but this call "
                    "gives it %d rows (shape %s), not a multiple of %d. Use a batch size that "
                    "is a multiple of %d (e.g. drop or pad the short last minibatch), or "
                    "fewer devices." % (v, n, shape[0], shape, n, n)) from None


def _device_ids(mesh):
    return mesh.devices.flat[0].platform, [d.id for d in mesh.devices.flat]


def _devices_by_id(where):
    import jax
    platform, ids = where
    have = {d.id: d for d in jax.devices(platform)}
    missing = [i for i in ids if i not in have]
    if missing:
        raise RuntimeError("This data-parallel function was pickled on %d %s devices (ids %s); "
                           "this process has %d (ids %s). Unpickle it where JAX has those "
                           "devices, or rebuild the function with sharding=DataParallel(...)."
                           % (len(ids), platform, ids, len(have), sorted(have)))
    return [have[i] for i in ids]


def _data_parallel(inputs, where, shard):
    return DataParallel(inputs, _devices_by_id(where), shard)


def _constraint(spec, where):
    import jax
    import numpy as np
    from jax.sharding import NamedSharding, PartitionSpec
    mesh = jax.sharding.Mesh(np.array(_devices_by_id(where)), (AXIS,))
    return ShardingConstraint(NamedSharding(mesh, PartitionSpec(*spec)))


def _resolve_devices(devices):
    """Returns the list of jax devices ``DataParallel(devices=...)`` names."""
    import jax
    if devices is not None and not isinstance(devices, int):
        devices = list(devices)
        if not devices or not all(isinstance(d, jax.Device) for d in devices):
            raise TypeError("DataParallel(devices=...) expects a number of devices or a "
                            "non-empty list of jax.Device, got %r" % (devices,))
        return devices
    platform = config.jax_device().platform
    have = jax.devices(platform)
    if devices is None:
        return list(have)
    if isinstance(devices, bool) or devices < 1 or devices > len(have):
        hint = (" On one machine, XLA_FLAGS=--xla_force_host_platform_device_count=%d makes "
                "that many CPU devices (set before JAX starts)." % devices
                if platform == "cpu" and not isinstance(devices, bool) and devices > 1 else "")
        raise ValueError("DataParallel(devices=%r): JAX has %d %s device(s): %s.%s"
                         % (devices, len(have), platform,
                            ", ".join(str(d) for d in have), hint))
    return list(have[:devices])
