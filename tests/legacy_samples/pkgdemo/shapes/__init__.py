# package: implicit relative imports below
import square
