# %% [markdown]
# # Graph structure
#
# Theano code builds a graph before it computes anything. Variables are the
# values, ops are the operations (`+`, `**`, `sum`, `tanh`, ...), and an *apply*
# node records one op applied to particular input variables. This notebook looks
# at such graphs, draws them with `pydotprint` (Graphviz's `dot` must be installed)
# and prints them with `debugprint`.

# %%
from IPython.display import SVG, display

import theanox as theano
import theanox.tensor as T

x = T.dmatrix('x')
y = T.dmatrix('y')
z = x + y

# %% [markdown]
# `pydotprint` writes a picture of the graph to a file; in a notebook, a variable
# or a compiled function also displays itself as that picture (SVG).

# %%
theano.printing.pydotprint(z, outfile='apply1.svg', var_with_name_simple=True)
display(SVG('apply1.svg'))

# %% [markdown]
# `z.owner` is the apply node that made `z`: its op, its inputs and outputs.

# %%
z.owner.op.name

# %%
print(z.owner.nin)
print(z.owner.nout)

# %%
z.owner.inputs

# %%
print(theano.printing.pprint(z))

# %%
theano.printing.debugprint(z)

# %% [markdown]
# Multiplying by the constant 2 shows one more node: the constant is a 0-d tensor,
# and a `DimShuffle` turns it into a broadcastable matrix before the product.

# %%
y = x * 2
theano.printing.debugprint(y)

# %%
type(y.owner.inputs[1].owner.op).__name__

# %%
y.owner.inputs[1].owner.inputs

# %%
y

# %% [markdown]
# ## What `theano.function` does to the graph
#
# Compiling optimizes the graph: here $a + a^{10}$ becomes one fused elementwise
# node. The first picture is the graph as written, the second the compiled one.

# %%
a = T.dscalar('a')
b = a + a ** 10
f = theano.function([a], b)
b

# %%
f

# %%
theano.printing.debugprint(f)
