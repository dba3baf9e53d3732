# datapath-ext/: the datapath, its netdevs and tunnel ports.

noinst_LIBRARIES += datapath-ext/libdatapath.a
datapath_ext_libdatapath_a_SOURCES = \
	datapath-ext/dp-worker.c \
	datapath-ext/dp-worker.h \
	datapath-ext/dpif.c \
	datapath-ext/dpif.h \
	datapath-ext/dpif-private.h \
	datapath-ext/dpif-userspace.c \
	datapath-ext/netdev.c \
	datapath-ext/netdev.h \
	datapath-ext/netdev-afxdp.c \
	datapath-ext/netdev-dummy.c \
	datapath-ext/netdev-linux.c \
	datapath-ext/netdev-linux.h \
	datapath-ext/netdev-vport.c \
	datapath-ext/netdev-vport.h \
	datapath-ext/rtnetlink.c \
	datapath-ext/rtnetlink.h \
	datapath-ext/tnl-neigh.c \
	datapath-ext/tnl-neigh.h \
	datapath-ext/tnl-route.c \
	datapath-ext/tnl-route.h \
	datapath-ext/tnl-underlay.c \
	datapath-ext/tnl-underlay.h
datapath_ext_libdatapath_a_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
