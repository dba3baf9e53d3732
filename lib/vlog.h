/* Logging: leveled, per module, to the console (stderr) and a log file,
 * with the levels, the "vlog/set" syntax and the line format of Open
 * vSwitch, so "ovs-appctl vlog/list" and "vlog/set" work as users know.
 *
 * A file logs as module NAME after VLOG_DEFINE_THIS_MODULE(NAME), then
 * VLOG_INFO("..."), VLOG_WARN(...) and so on.  Syslog is not written:
 * its column shows OFF. */
#ifndef VLOG_H
#define VLOG_H 1

#include <stdbool.h>
#include "compiler.h"

enum vlog_level {
    VLL_OFF,
    VLL_EMER,
    VLL_ERR,
    VLL_WARN,
    VLL_INFO,
    VLL_DBG,
    VLL_N_LEVELS
};

enum vlog_destination {
    VLF_CONSOLE,
    VLF_SYSLOG,
    VLF_FILE,
    VLF_N_DESTINATIONS
};

struct vlog_module {
    const char *name;
    enum vlog_level levels[VLF_N_DESTINATIONS];
    enum vlog_level min_level;  /* Most verbose of "levels". */
    struct vlog_module *next;
};

void vlog_module_register(struct vlog_module *);

#define VLOG_DEFINE_THIS_MODULE(NAME)                                   \
    static struct vlog_module this_module = {                           \
        #NAME, { VLL_WARN, VLL_OFF, VLL_INFO }, VLL_INFO, NULL };       \
    static void vlog_register_##NAME(void)                              \
        __attribute__((__constructor__));                               \
    static void vlog_register_##NAME(void)                              \
    {                                                                   \
        vlog_module_register(&this_module);                             \
    }

void vlog(struct vlog_module *, enum vlog_level, const char *format, ...)
    OVSX_PRINTF(3, 4);

#define VLOG__(LEVEL, ...)                                              \
    do {                                                                \
        if (this_module.min_level >= (LEVEL)) {                         \
            vlog(&this_module, LEVEL, __VA_ARGS__);                     \
        }                                                               \
    } while (0)
#define VLOG_EMER(...) VLOG__(VLL_EMER, __VA_ARGS__)
#define VLOG_ERR(...) VLOG__(VLL_ERR, __VA_ARGS__)
#define VLOG_WARN(...) VLOG__(VLL_WARN, __VA_ARGS__)
#define VLOG_INFO(...) VLOG__(VLL_INFO, __VA_ARGS__)
#define VLOG_DBG(...) VLOG__(VLL_DBG, __VA_ARGS__)

char *vlog_set_levels_from_string(const char *);
char *vlog_get_levels(void);
int vlog_set_log_file(const char *path);
int vlog_reopen_log_file(void);
void vlog_init_unixctl(void);

#endif /* vlog.h */
