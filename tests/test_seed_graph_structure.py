"""The seed's chapters "Theano 符号图结构" and "function 对图的优化", run as written.

Expected strings come from the seed's printed outputs (older Theano, ``[@A]`` ids and
``DimShuffle``) and from Theano 1.0.5 (tests/oracle/printing.json, ``[id A]``).
"""
import numpy

import theanox as theano
import theanox.tensor as T


def test_apply_node_structure_and_printing(tmp_path, capsys):
    x = T.dmatrix('x')
    y = T.dmatrix('y')
    z = x + y
    theano.printing.pydotprint(z, outfile=str(tmp_path / 'apply1.png'),
                               var_with_name_simple=True)
    assert capsys.readouterr().out == \
        "The output file is available at %s\n" % (tmp_path / 'apply1.png')
    assert (tmp_path / 'apply1.png').read_bytes()[:4] == b"\x89PNG"
    assert z.owner.op.name == 'Elemwise{add,no_inplace}'
    assert (z.owner.nin, z.owner.nout) == (2, 1)
    assert str(z.owner.inputs) == '[x, y]'
    assert theano.printing.pprint(z) == '(x + y)'
    theano.printing.debugprint(z)
    assert capsys.readouterr().out == \
        "Elemwise{add,no_inplace} [id A] ''   \n |x [id B]\n |y [id C]\n"


def test_dimshuffle_of_the_constant(tmp_path):
    x = T.dmatrix('x')
    y = x * 2
    # seed: Elemwise{mul,no_inplace} [@A] '' / |x [@B] / |DimShuffle{x,x} [@C] '' / |TensorConstant{2}
    assert theano.printing.debugprint(y, file='str') == (
        "Elemwise{mul,no_inplace} [id A] ''   \n |x [id B]\n |DimShuffle{x,x} [id C] ''   \n"
        "   |TensorConstant{2} [id D]\n")
    assert isinstance(y.owner.inputs[1].owner.op, T.DimShuffle)
    assert str(y.owner.inputs[1].owner.inputs) == '[TensorConstant{2}]'
    theano.printing.pydotprint(y, outfile=str(tmp_path / 'apply2.png'),
                               var_with_name_simple=True)
    assert (tmp_path / 'apply2.png').stat().st_size > 1000


def test_function_optimises_the_graph(tmp_path):
    a = T.dscalar('a')
    b = a + a ** 10
    f = theano.function([a], b)
    theano.printing.pydotprint(b, outfile=str(tmp_path / 'apply_no_opti.png'),
                               var_with_name_simple=True)
    theano.printing.pydotprint(f, outfile=str(tmp_path / 'apply_opti.png'),
                               var_with_name_simple=True)
    before = (tmp_path / 'apply_no_opti.png').read_bytes()
    after = (tmp_path / 'apply_opti.png').read_bytes()
    assert before[:4] == after[:4] == b"\x89PNG" and before != after
    # the optimized graph is one fused elementwise node (Theano 1.0.5: one
    # Elemwise{Composite{...}} on a, see oracle graph_function_a_plus_a_pow10)
    topo = f.maker.fgraph.toposort()
    assert len(topo) == 1 and 'Composite' in str(topo[0].op)
    assert numpy.any([isinstance(x.op, T.Elemwise) for x in f.maker.fgraph.toposort()])
    assert f.maker.fgraph.inputs == [a]
    assert f.maker.fgraph.clients[a][0][0] is topo[0]
    assert f(2.0) == 2.0 + 2.0 ** 10


def test_grad_is_simplified_when_compiled():
    x = T.dscalar('x')
    f = theano.function([x], T.grad(x ** 2, x))
    assert f(3.0) == 6.0                       # Theano 1.0.5: Elemwise{mul}(2.0, x)
