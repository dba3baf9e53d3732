# ofproto/: the OpenFlow switch of each bridge.

noinst_LIBRARIES += ofproto/libofproto.a
ofproto_libofproto_a_SOURCES = \
	ofproto/connmgr.c \
	ofproto/connmgr.h \
	ofproto/mac-learning.c \
	ofproto/mac-learning.h \
	ofproto/ofproto-provider.h \
	ofproto/ofproto.c \
	ofproto/ofproto.h \
	ofproto/oftable.c \
	ofproto/tunnel.c \
	ofproto/tunnel.h \
	ofproto/xlate.c
