# vswitchd/: the switch daemon.

sbin_PROGRAMS += vswitchd/ovsx-vswitchd
vswitchd_ovsx_vswitchd_SOURCES = \
	vswitchd/bridge.c \
	vswitchd/bridge.h \
	vswitchd/bridge-appctl.c \
	vswitchd/bridge-private.h \
	vswitchd/ovsx-vswitchd.c
vswitchd_ovsx_vswitchd_LDADD = ofproto/libofproto.a datapath-ext/libdatapath.a \
	lib/libovsx.a
vswitchd_ovsx_vswitchd_LDADD += $(PCAP_LIBS)
