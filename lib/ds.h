/* A growable string ("dynamic string") for building output. */
#ifndef DS_H
#define DS_H 1

#include <stddef.h>
#include "compiler.h"

struct ds {
    char *string;               /* NUL-terminated, or NULL when empty. */
    size_t length;              /* Bytes before the NUL. */
    size_t allocated;           /* Bytes available for characters. */
};

#define DS_EMPTY_INITIALIZER { NULL, 0, 0 }

void ds_init(struct ds *);
void ds_clear(struct ds *);
void ds_destroy(struct ds *);
void ds_put_char(struct ds *, char);
void ds_put_cstr(struct ds *, const char *);
void ds_put_format(struct ds *, const char *, ...) OVSX_PRINTF(2, 3);
void ds_put_hex(struct ds *, const void *, size_t);
void ds_chomp(struct ds *, char);
const char *ds_cstr(struct ds *);

#endif /* ds.h */
