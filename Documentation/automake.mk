# Documentation/: user guide and reference.
EXTRA_DIST += \
	Documentation/index.md \
	Documentation/install.md \
	Documentation/testing.md
