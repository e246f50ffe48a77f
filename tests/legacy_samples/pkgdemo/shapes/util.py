NAME = u'util'
