import string
VERSION = 2L

def describe(n):
    parts = []
    for i in xrange(n):
        if i % 2:
            continue
        parts.append(`i`)
    return string.join(parts, ',') + ' half=%d' % (n / 2)
