# tests/: the GNU autotest suite and its unit-test programs.
#
# "make check" runs tests/testsuite; TESTSUITEFLAGS passes options through,
# e.g. "make check TESTSUITEFLAGS='-j2 -k geneve'".

TESTSUITE_AT = \
	tests/testsuite.at \
	tests/ovsx-macros.at \
	tests/checksum.at \
	tests/dpif.at

EXTRA_DIST += $(TESTSUITE_AT) tests/testsuite tests/package.m4 \
	tests/atlocal.in
TESTSUITE = $(srcdir)/tests/testsuite
DISTCLEANFILES += tests/atconfig tests/atlocal

AUTOM4TE = $(SHELL) $(top_srcdir)/build-aux/missing autom4te
AUTOTEST = $(AUTOM4TE) -l autotest
AUTOTEST_PATH = $(abs_top_builddir)/vswitchd:$(abs_top_builddir)/utilities:$(abs_top_builddir)/tests:$(abs_top_srcdir)/utilities:$(abs_top_srcdir)/tests

$(srcdir)/tests/package.m4: $(top_srcdir)/configure.ac
	$(AM_V_GEN):;{ \
	  echo '# Signature of the current package.' && \
	  echo 'm4_define([AT_PACKAGE_NAME],      [$(PACKAGE_NAME)])' && \
	  echo 'm4_define([AT_PACKAGE_TARNAME],   [$(PACKAGE_TARNAME)])' && \
	  echo 'm4_define([AT_PACKAGE_VERSION],   [$(PACKAGE_VERSION)])' && \
	  echo 'm4_define([AT_PACKAGE_STRING],    [$(PACKAGE_STRING)])' && \
	  echo 'm4_define([AT_PACKAGE_BUGREPORT], [$(PACKAGE_BUGREPORT)])'; \
	} >'$@'

$(TESTSUITE): $(TESTSUITE_AT) $(srcdir)/tests/package.m4
	$(AM_V_GEN)$(AUTOTEST) -I '$(srcdir)' -I '$(srcdir)/tests' \
	  -o $@.tmp $@.at && mv $@.tmp $@

check-local: tests/atconfig tests/atlocal $(TESTSUITE) $(check_PROGRAMS)
	$(SHELL) '$(TESTSUITE)' -C tests AUTOTEST_PATH='$(AUTOTEST_PATH)' \
	  $(TESTSUITEFLAGS)

clean-local: tests-clean-local
tests-clean-local:
	test ! -f '$(TESTSUITE)' || \
	  $(SHELL) '$(TESTSUITE)' -C tests --clean

# Unit-test programs, driven from the .at files.
check_PROGRAMS += tests/test-csum
EXTRA_DIST += tests/test-util.h
tests_test_csum_SOURCES = tests/test-csum.c
tests_test_csum_LDADD = lib/libovsx.a

TESTSUITE_AT += \
	tests/flow.at \
	tests/tunnel.at \
	tests/fuzz.at
EXTRA_DIST += \
	tests/pcap-corpus.py \
	tests/pcap-to-corpus.py \
	tests/pcap-truncate.py \
	tests/flows1.txt \
	tests/ofp-probe.py \
	tests/ofp-controller.py \
	tests/tcp-sink.py \
	tests/udp-flows.py \
	tests/tunnel-frames.py \
	tests/tunnel-bad.py \
	tests/tunnel-decap.py \
	tests/frames-seen.py

check_PROGRAMS += tests/test-tun-metadata
tests_test_tun_metadata_SOURCES = tests/test-tun-metadata.c
tests_test_tun_metadata_LDADD = lib/libovsx.a
TESTSUITE_AT += tests/tun-metadata.at tests/dp-packet.at

check_PROGRAMS += tests/test-tnl-template
tests_test_tnl_template_SOURCES = tests/test-tnl-template.c
tests_test_tnl_template_LDADD = lib/libovsx.a

check_PROGRAMS += tests/test-coverage
tests_test_coverage_SOURCES = tests/test-coverage.c
tests_test_coverage_LDADD = lib/libovsx.a

check_PROGRAMS += tests/test-netdev-batch
tests_test_netdev_batch_SOURCES = tests/test-netdev-batch.c
tests_test_netdev_batch_LDADD = datapath-ext/libdatapath.a lib/libovsx.a \
	$(PCAP_LIBS)

check_PROGRAMS += tests/test-odp
tests_test_odp_SOURCES = tests/test-odp.c
tests_test_odp_LDADD = lib/libovsx.a
TESTSUITE_AT += tests/odp.at

check_PROGRAMS += tests/test-nx-match
tests_test_nx_match_SOURCES = tests/test-nx-match.c
tests_test_nx_match_LDADD = lib/libovsx.a
TESTSUITE_AT += tests/nx-match.at

check_PROGRAMS += tests/test-ofp-actions
tests_test_ofp_actions_SOURCES = tests/test-ofp-actions.c
tests_test_ofp_actions_LDADD = lib/libovsx.a
TESTSUITE_AT += tests/ofp-actions.at

check_PROGRAMS += tests/test-classifier
tests_test_classifier_SOURCES = tests/test-classifier.c
tests_test_classifier_LDADD = lib/libovsx.a
TESTSUITE_AT += tests/classifier.at

check_PROGRAMS += tests/test-dp-packet
tests_test_dp_packet_SOURCES = tests/test-dp-packet.c
tests_test_dp_packet_LDADD = lib/libovsx.a

check_PROGRAMS += tests/test-jsonrpc
tests_test_jsonrpc_SOURCES = tests/test-jsonrpc.c
tests_test_jsonrpc_LDADD = lib/libovsx.a
TESTSUITE_AT += tests/jsonrpc.at
EXTRA_DIST += tests/test.ovsschema

check_PROGRAMS += tests/test-unixctl
tests_test_unixctl_SOURCES = tests/test-unixctl.c
tests_test_unixctl_LDADD = lib/libovsx.a
TESTSUITE_AT += tests/unixctl.at tests/vlog.at tests/vswitchd.at \
	tests/netdev-dummy.at \
	tests/mac-learning.at \
	tests/ofproto.at \
	tests/ofproto-flows.at \
	tests/tunnel-native.at \
	tests/system-ports.at \
	tests/tunnel-interop.at \
	tests/tunnel-pair.at \
	tests/bench-tools.at \
	tests/demo.at
