# The record_*.py scripts need the real Theano 1.0.5 oracle venv
# ($ORACLE_VENV); they are not tests and must not be collected.
collect_ignore_glob = ["record_*.py"]
