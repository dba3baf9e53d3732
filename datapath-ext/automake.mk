# datapath-ext/: the datapath, its netdevs and tunnel ports.

noinst_LIBRARIES += datapath-ext/libdatapath.a
datapath_ext_libdatapath_a_SOURCES = \
	datapath-ext/netdev-vport.c \
	datapath-ext/netdev-vport.h
