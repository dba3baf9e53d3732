# lib/: the protocol and data-structure core.  Every program links it.

noinst_LIBRARIES += lib/libovsx.a
lib_libovsx_a_SOURCES = \
	lib/compiler.h \
	lib/csum.c \
	lib/csum.h \
	lib/dp-packet.c \
	lib/dp-packet.h \
	lib/dp-packet-gso.c \
	lib/dp-packet-gso.h \
	lib/packets.c \
	lib/packets.h \
	lib/util.c \
	lib/util.h
lib_libovsx_a_SOURCES += \
	lib/coverage.c \
	lib/coverage.h \
	lib/flow.h \
	lib/geneve.h \
	lib/tun-metadata.h
lib_libovsx_a_SOURCES += \
	lib/ds.c \
	lib/ds.h \
	lib/flow.c \
	lib/gre.h \
	lib/tnl-header.c \
	lib/tnl-header.h \
	lib/vxlan.h
lib_libovsx_a_SOURCES += lib/tun-metadata.c lib/odp-actions.c lib/odp-actions.h \
	lib/ofp-packet-in.c lib/ofp-packet-in.h
lib_libovsx_a_SOURCES += \
	lib/jsonrpc.c \
	lib/jsonrpc.h
lib_libovsx_a_SOURCES += \
	lib/poll-loop.c \
	lib/poll-loop.h \
	lib/unixctl.c \
	lib/unixctl.h
lib_libovsx_a_SOURCES += \
	lib/vlog.c \
	lib/vlog.h
lib_libovsx_a_SOURCES += \
	lib/daemon.c \
	lib/daemon.h \
	lib/dirs.c \
	lib/dirs.h
lib_libovsx_a_SOURCES += \
	lib/hash.c \
	lib/hash.h \
	lib/hmap.c \
	lib/hmap.h \
	lib/odp-util.c \
	lib/odp-util.h \
	lib/smap.c \
	lib/smap.h
lib_libovsx_a_SOURCES += \
	lib/classifier.c \
	lib/classifier.h \
	lib/match.c \
	lib/match.h \
	lib/meta-flow.c \
	lib/meta-flow.h \
	lib/nx-match.c \
	lib/nx-match.h \
	lib/ofp-actions-encode.c \
	lib/ofp-actions-private.h \
	lib/ofp-actions.c \
	lib/ofp-actions.h \
	lib/ofp-errors.c \
	lib/ofp-errors.h \
	lib/ofp-flow.c \
	lib/ofp-flow.h \
	lib/ofp-instructions.c \
	lib/packet-rewrite.c \
	lib/packet-rewrite.h \
	lib/ofp-msgs.c \
	lib/ofp-print.c \
	lib/ofp-print.h \
	lib/ofp-msgs.h \
	lib/ofpbuf.c \
	lib/ofpbuf.h \
	lib/socket-util.c \
	lib/socket-util.h \
	lib/vconn.c \
	lib/vconn.h
