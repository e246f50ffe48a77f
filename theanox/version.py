"""``theano.version``: the Theano release theanox implements, and theanox's own version.

``theano.__version__`` is ``"1.0.5+theanox.<theanox version>"``: a PEP 440 local
version of Theano 1.0.5, so checks legacy code does (``LooseVersion(v) >=
LooseVersion('0.8')``, ``packaging.version.parse(v) >= parse('1.0')``, ``v >= '0.8'``,
``int(v.split('.')[0])``) see Theano 1.0.5, and the suffix says it is theanox.
"""

theanox_version = "0.1.0"
theano_version = "1.0.5"
short_version = theano_version
full_version = "%s+theanox.%s" % (theano_version, theanox_version)
version = full_version
git_revision = None       # a theanox checkout, not a Theano git revision
release = True
