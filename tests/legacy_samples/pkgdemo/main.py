# A script whose sibling modules and package import each other (Python 2).
import geometry
from shapes import square
from shapes.circle import Circle

print geometry.describe(7)
print square.area_text(5)
c = Circle(3)
print c
print geometry.VERSION, square.helper_name()
