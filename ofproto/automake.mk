# ofproto/: the OpenFlow switch of each bridge.

noinst_LIBRARIES += ofproto/libofproto.a
ofproto_libofproto_a_SOURCES = \
	ofproto/connmgr.c \
	ofproto/connmgr.h \
	ofproto/fail-open.c \
	ofproto/fail-open.h \
	ofproto/mac-learning.c \
	ofproto/mac-learning.h \
	ofproto/ofproto-provider.h \
	ofproto/ofproto.c \
	ofproto/ofproto.h \
	ofproto/oftable.c \
	ofproto/tunnel.c \
	ofproto/tunnel.h \
	ofproto/xlate.c
