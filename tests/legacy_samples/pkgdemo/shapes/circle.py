import geometry
from util import NAME

class Circle(object):
    def __init__(self, r):
        self.r = r
    def __str__(self):
        return 'Circle(r=%d, diameter/4=%d, via %s, v%d)' % (
            self.r, 2 * self.r / 4, NAME, geometry.VERSION)
