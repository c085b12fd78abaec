/* Symbols of an ELF image (libelf), for showing code addresses as
 * symbol+offset. Kept out of hs_traces so that only the tools link libelf. */
#ifndef HS_TRACES_SYMBOLS_H
#define HS_TRACES_SYMBOLS_H

#include <stdbool.h>
#include <stdint.h>

#include "traces/decode.h"

typedef struct hs_symtab hs_symtab;

/* Reads the function and label symbols of an ELF file (32 or 64 bit) from
 * .symtab, or .dynsym when stripped. NULL with a message naming the file when
 * it cannot be read or has no symbols. */
hs_symtab *hs_symtab_open(const char *path, char **msg);
void hs_symtab_free(hs_symtab *s);
size_t hs_symtab_count(const hs_symtab *s);

/* The symbol at or below addr that contains it: a sized symbol covers
 * [value, value + size), a label (size 0) everything up to the next symbol.
 * The Thumb bit of function symbols is ignored. */
bool hs_symtab_lookup(const hs_symtab *s, uint64_t addr, const char **name, uint64_t *offset);

/* The address of the symbol called `name` (the first by address when several
 * share it, e.g. local ones); the Thumb bit of function symbols is clear. */
bool hs_symtab_find(const hs_symtab *s, const char *name, uint64_t *addr);
/* As hs_symtab_find, with the symbol's size (st_size; 0 for a label). */
bool hs_symtab_find_sized(const hs_symtab *s, const char *name, uint64_t *addr, uint64_t *size);

/* The symbols of a log's image: `image` when given, else the file the log's
 * header names, provided it is still the image the log was recorded with (the
 * SHA-256 in the header). NULL with *why (to g_free) saying why, as a warning:
 * a log is readable without symbols; NULL with *why NULL when the log names no
 * image. */
typedef struct hs_log_reader hs_log_reader;
hs_symtab *hs_symtab_open_for_log(const hs_log_reader *r, const char *image, char **why);

/* A symbolizer for hs_record_format() and the exporters. */
hs_symbolizer hs_symtab_symbolizer(hs_symtab *s);

#endif
