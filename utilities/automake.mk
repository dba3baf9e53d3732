# utilities/: user tools.
