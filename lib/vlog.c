/* Logging. */
#include <config.h>
#include "vlog.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include "ds.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(vlog);

static const char *const level_names[VLL_N_LEVELS] = {
    "OFF", "EMER", "ERR", "WARN", "INFO", "DBG",
};
static const char *const destination_names[VLF_N_DESTINATIONS] = {
    "console", "syslog", "file",
};

/* Modules, registered by constructors before main(). */
static struct vlog_module *modules;

static char *log_file_name;     /* NULL: no log file. */
static FILE *log_file;
static unsigned int msg_num;    /* Sequence number of the last message. */

void
vlog_module_register(struct vlog_module *module)
{
    module->next = modules;
    modules = module;
}

/* Sets "m->min_level", the level below which VLOG_*() skip formatting,
 * from the destinations actually written: the console, and the file if
 * one is open.  Syslog is never written. */
static void
update_min_level(struct vlog_module *m)
{
    m->min_level = m->levels[VLF_CONSOLE];
    if (log_file && m->levels[VLF_FILE] > m->min_level) {
        m->min_level = m->levels[VLF_FILE];
    }
}

/* Writes one message of "level" from "module", formatted the Open vSwitch
 * way: "2026-01-02T03:04:05.678Z|00001|module|INFO|text". */
void
vlog(struct vlog_module *module, enum vlog_level level, const char *format,
     ...)
{
    bool to_console = module->levels[VLF_CONSOLE] >= level;
    bool to_file = log_file && module->levels[VLF_FILE] >= level;

    if (!to_console && !to_file) {
        return;
    }

    struct timeval tv;
    struct tm tm;
    char stamp[32];
    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);

    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_format(&s, "%s.%03ldZ|%05u|%s|%s|", stamp,
                  (long) tv.tv_usec / 1000,
                  __atomic_add_fetch(&msg_num, 1, __ATOMIC_RELAXED),
                  module->name, level_names[level]);
    va_list args;
    va_start(args, format);
    char *text;
    if (vasprintf(&text, format, args) >= 0) {
        ds_put_cstr(&s, text);
        free(text);
    }
    va_end(args);
    ds_put_char(&s, '\n');

    if (to_console) {
        fputs(ds_cstr(&s), stderr);
    }
    if (to_file) {
        fputs(ds_cstr(&s), log_file);
        fflush(log_file);
    }
    ds_destroy(&s);
}

static int
find_level(const char *s)
{
    for (int i = 0; i < VLL_N_LEVELS; i++) {
        if (!strcasecmp(s, level_names[i])) {
            return i;
        }
    }
    return -1;
}

static int
find_destination(const char *s)
{
    for (int i = 0; i < VLF_N_DESTINATIONS; i++) {
        if (!strcasecmp(s, destination_names[i])) {
            return i;
        }
    }
    return -1;
}

static struct vlog_module *
find_module(const char *s)
{
    for (struct vlog_module *m = modules; m; m = m->next) {
        if (!strcmp(s, m->name)) {
            return m;
        }
    }
    return NULL;
}

/* Applies a "vlog/set" specification: words separated by ':', each a
 * destination, a level or a module ("ANY" for all modules or all
 * destinations); what is not named means all, and a missing level means
 * DBG.  Returns NULL, or an error message the caller frees. */
char *
vlog_set_levels_from_string(const char *spec)
{
    char *copy = xstrdup(spec), *save = NULL, *error = NULL;
    int dest = -1, level = -1;
    struct vlog_module *module = NULL;

    for (char *w = strtok_r(copy, ":", &save); w;
         w = strtok_r(NULL, ":", &save)) {
        int x;
        if (!strcasecmp(w, "any")) {
            continue;
        } else if ((x = find_destination(w)) >= 0 && dest < 0) {
            dest = x;
        } else if ((x = find_level(w)) >= 0 && level < 0) {
            level = x;
        } else if (!module && (module = find_module(w))) {
            continue;
        } else {
            error = xasprintf("no destination, level, or module \"%s\"", w);
            break;
        }
    }
    free(copy);
    if (error) {
        return error;
    }
    if (level < 0) {
        level = VLL_DBG;
    }
    for (struct vlog_module *m = modules; m; m = m->next) {
        if (module && m != module) {
            continue;
        }
        for (int d = 0; d < VLF_N_DESTINATIONS; d++) {
            if ((dest < 0 || d == dest) && d != VLF_SYSLOG) {
                m->levels[d] = level;
            }
        }
        update_min_level(m);
    }
    return NULL;
}

static int
compare_modules(const void *a_, const void *b_)
{
    const struct vlog_module *const *a = a_;
    const struct vlog_module *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Returns the "vlog/list" table, modules sorted by name; the caller frees
 * it. */
char *
vlog_get_levels(void)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    size_t n = 0;

    for (struct vlog_module *m = modules; m; m = m->next) {
        n++;
    }
    struct vlog_module **sorted = xmalloc(n * sizeof *sorted);
    n = 0;
    for (struct vlog_module *m = modules; m; m = m->next) {
        sorted[n++] = m;
    }
    qsort(sorted, n, sizeof *sorted, compare_modules);

    ds_put_cstr(&s, "                 console    syslog    file\n");
    ds_put_cstr(&s, "                 -------    ------    ------\n");
    for (size_t i = 0; i < n; i++) {
        ds_put_format(&s, "%-16s  %4s       %4s       %4s\n", sorted[i]->name,
                      level_names[sorted[i]->levels[VLF_CONSOLE]],
                      level_names[sorted[i]->levels[VLF_SYSLOG]],
                      level_names[sorted[i]->levels[VLF_FILE]]);
    }
    free(sorted);
    char *result = xstrdup(ds_cstr(&s));
    ds_destroy(&s);
    return result;
}

/* Logs to "path" from now on (appending), or to no file if "path" is
 * NULL.  Returns 0 or a positive errno (and keeps the old file). */
int
vlog_set_log_file(const char *path)
{
    FILE *f = NULL;

    if (path) {
        f = fopen(path, "a");
        if (!f) {
            return errno;
        }
    }
    if (log_file) {
        fclose(log_file);
    }
    free(log_file_name);
    log_file = f;
    log_file_name = path ? xstrdup(path) : NULL;
    for (struct vlog_module *m = modules; m; m = m->next) {
        update_min_level(m);
    }
    if (path) {
        VLOG_INFO("opened log file %s", path);
    }
    return 0;
}

/* Closes and reopens the log file by name, after log rotation. */
int
vlog_reopen_log_file(void)
{
    if (!log_file_name) {
        return 0;
    }
    char *name = xstrdup(log_file_name);
    int error = vlog_set_log_file(name);
    free(name);
    return error;
}

static void
vlog_unixctl_set(struct unixctl_conn *conn, int argc, const char *argv[],
                 void *aux OVSX_UNUSED)
{
    for (int i = 1; i < argc; i++) {
        char *error = vlog_set_levels_from_string(argv[i]);
        if (error) {
            unixctl_command_reply_error(conn, error);
            free(error);
            return;
        }
    }
    unixctl_command_reply(conn, NULL);
}

static void
vlog_unixctl_list(struct unixctl_conn *conn, int argc OVSX_UNUSED,
                  const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    char *levels = vlog_get_levels();
    unixctl_command_reply(conn, levels);
    free(levels);
}

static void
vlog_unixctl_reopen(struct unixctl_conn *conn, int argc OVSX_UNUSED,
                    const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    if (!log_file_name) {
        unixctl_command_reply_error(conn, "Logging to file not configured");
        return;
    }
    int error = vlog_reopen_log_file();
    if (error) {
        char *msg = xasprintf("could not reopen log file \"%s\" (%s)",
                              log_file_name, strerror(error));
        unixctl_command_reply_error(conn, msg);
        free(msg);
    } else {
        unixctl_command_reply(conn, NULL);
    }
}

/* Registers "vlog/set", "vlog/list" and "vlog/reopen". */
void
vlog_init_unixctl(void)
{
    unixctl_command_register("vlog/set",
                             "{spec | PATTERN:destination:pattern}", 1, 64,
                             vlog_unixctl_set, NULL);
    unixctl_command_register("vlog/list", "", 0, 0, vlog_unixctl_list, NULL);
    unixctl_command_register("vlog/reopen", "", 0, 0, vlog_unixctl_reopen,
                             NULL);
}
