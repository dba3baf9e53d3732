# tests/fuzz/: libFuzzer targets, built with clang by "make fuzz" only.
#
# Each target is compiled together with the lib/ sources, all instrumented,
# so coverage guidance reaches into the parsers.

FUZZ_TARGETS = \
	tests/fuzz/fuzz-flow-extract \
	tests/fuzz/fuzz-tnl-pop
EXTRA_DIST += $(FUZZ_TARGETS:=.c)
CLEANFILES += $(FUZZ_TARGETS)

FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -std=gnu11 $(WARNING_CFLAGS)
FUZZ_LIBOVSX_SRCS = $(addprefix $(srcdir)/,$(filter %.c,$(lib_libovsx_a_SOURCES)))

fuzz: $(FUZZ_TARGETS)
.PHONY: fuzz

$(FUZZ_TARGETS): %: $(srcdir)/%.c $(FUZZ_LIBOVSX_SRCS) config.h
	@test -n "$(CLANG)" || { echo "make fuzz needs clang" >&2; exit 1; }
	@$(MKDIR_P) $(@D)
	$(AM_V_GEN)$(CLANG) $(FUZZ_CFLAGS) $(AM_CPPFLAGS) -o $@ \
	  $(srcdir)/$@.c $(FUZZ_LIBOVSX_SRCS) $(LIBS)
