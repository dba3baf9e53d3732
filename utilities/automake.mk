# utilities/: user tools.

bin_PROGRAMS += utilities/ovsx-pcap
utilities_ovsx_pcap_SOURCES = \
	utilities/ovsx-pcap.c \
	utilities/pcap-tunnel.c \
	utilities/pcap-tunnel.h
utilities_ovsx_pcap_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
utilities_ovsx_pcap_LDADD = lib/libovsx.a $(PCAP_LIBS)

dist_bin_SCRIPTS += utilities/ovsx-bench utilities/ovsx-demo \
	utilities/ovsx-bench-chart \
	utilities/ovsx-bench-traffic \
	utilities/ovsx-demo-packets \
	utilities/ovsx-quickstart \
	utilities/ovsx-sandbox

# The datapath's packet path in memory, for "ovsx-bench pipeline".
noinst_PROGRAMS += utilities/ovsx-pipeline-bench
utilities_ovsx_pipeline_bench_SOURCES = utilities/ovsx-pipeline-bench.c
utilities_ovsx_pipeline_bench_LDADD = datapath-ext/libdatapath.a \
	lib/libovsx.a $(PCAP_LIBS)

# Frames in and frames counted out of real ports, for "ovsx-bench
# small-packets".
noinst_PROGRAMS += utilities/ovsx-pktgen
utilities_ovsx_pktgen_SOURCES = utilities/ovsx-pktgen.c
utilities_ovsx_pktgen_LDADD = lib/libovsx.a
