# Documentation/: user guide and reference.
EXTRA_DIST += \
	Documentation/benchmarks.md \
	Documentation/index.md \
	Documentation/install.md \
	Documentation/ovsx-pcap.md \
	Documentation/ovsx-vswitchd.md \
	Documentation/tunnels.md \
	Documentation/testing.md
