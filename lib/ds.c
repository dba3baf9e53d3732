/* A growable string. */
#include <config.h>
#include "ds.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

void
ds_init(struct ds *ds)
{
    ds->string = NULL;
    ds->length = ds->allocated = 0;
}

void
ds_clear(struct ds *ds)
{
    ds->length = 0;
    if (ds->string) {
        ds->string[0] = '\0';
    }
}

void
ds_destroy(struct ds *ds)
{
    free(ds->string);
    ds_init(ds);
}

/* Makes room for "n" more characters plus the terminating NUL. */
static void
ds_reserve(struct ds *ds, size_t n)
{
    if (ds->length + n + 1 > ds->allocated) {
        ds->allocated = MAX(2 * ds->allocated, ds->length + n + 1);
        ds->string = xrealloc(ds->string, ds->allocated);
    }
}

void
ds_put_char(struct ds *ds, char c)
{
    ds_reserve(ds, 1);
    ds->string[ds->length++] = c;
    ds->string[ds->length] = '\0';
}

void
ds_put_cstr(struct ds *ds, const char *s)
{
    size_t n = strlen(s);

    ds_reserve(ds, n);
    memcpy(ds->string + ds->length, s, n + 1);
    ds->length += n;
}

void
ds_put_format(struct ds *ds, const char *format, ...)
{
    va_list args;
    int n;

    va_start(args, format);
    n = vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (n < 0) {
        return;
    }
    ds_reserve(ds, n);
    va_start(args, format);
    vsnprintf(ds->string + ds->length, n + 1, format, args);
    va_end(args);
    ds->length += n;
}

/* Appends the "n" bytes at "data" as one big-endian hex number, "0x..."
 * without leading zeros ("0x0" if all are zero). */
void
ds_put_hex(struct ds *ds, const void *data_, size_t n)
{
    const uint8_t *data = data_;
    size_t i = 0;

    while (i < n && !data[i]) {
        i++;
    }
    if (i == n) {
        ds_put_cstr(ds, "0x0");
        return;
    }
    ds_put_format(ds, "0x%x", data[i++]);
    for (; i < n; i++) {
        ds_put_format(ds, "%02x", data[i]);
    }
}

/* Removes one trailing "c", if there is one. */
void
ds_chomp(struct ds *ds, char c)
{
    if (ds->length && ds->string[ds->length - 1] == c) {
        ds->string[--ds->length] = '\0';
    }
}

const char *
ds_cstr(struct ds *ds)
{
    if (!ds->string) {
        ds_reserve(ds, 0);
        ds->string[0] = '\0';
    }
    return ds->string;
}
