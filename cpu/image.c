#include "cpu/image.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#define MAX_SEGMENTS 64

const char *hs_image_strerror(hs_image_err err)
{
    switch (err) {
    case HS_IMAGE_OK: return "success";
    case HS_IMAGE_ERR_IO: return "cannot read the image";
    case HS_IMAGE_ERR_FORMAT: return "the image is not a valid ELF file";
    case HS_IMAGE_ERR_MACHINE: return "the image is not a 32-bit little-endian ARM executable";
    case HS_IMAGE_ERR_OVERLAP: return "loadable segments of the image overlap";
    case HS_IMAGE_ERR_RANGE: return "the image falls outside RAM";
    }
    return "unknown error";
}

static hs_image_err img_fail(char **msg, hs_image_err err, const char *path,
                             const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static hs_image_err img_fail(char **msg, hs_image_err err, const char *path,
                             const char *fmt, ...)
{
    va_list ap;
    char *what;
    va_start(ap, fmt);
    what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (msg) {
        *msg = g_strdup_printf("%s: %s", path, what);
    }
    g_free(what);
    return err;
}

static bool in_ram(const hs_memmap *map, uint64_t addr, uint64_t len)
{
    return addr >= map->ram_base && addr + len >= addr &&
           addr + len <= map->ram_base + map->ram_size;
}

typedef struct seg {
    uint64_t paddr, memsz;
} seg;

hs_image_err hs_image_load_elf(const char *path, hs_memmap *map, hs_image *out, char **msg)
{
    int fd;
    Elf *e = NULL;
    GElf_Ehdr eh;
    size_t phnum;
    seg segs[MAX_SEGMENTS];
    unsigned nseg = 0;
    hs_image_err err = HS_IMAGE_OK;
    char *file;
    size_t filesize;

    if (elf_version(EV_CURRENT) == EV_NONE) {
        return img_fail(msg, HS_IMAGE_ERR_FORMAT, path, "libelf: %s", elf_errmsg(-1));
    }
    fd = open(path, O_RDONLY);
    if (fd < 0) {
        return img_fail(msg, HS_IMAGE_ERR_IO, path, "%s", g_strerror(errno));
    }
    e = elf_begin(fd, ELF_C_READ, NULL);
    if (!e || elf_kind(e) != ELF_K_ELF) {
        err = img_fail(msg, HS_IMAGE_ERR_FORMAT, path,
                       "not an ELF file (use --load-addr ADDR to load a raw binary)");
        goto out;
    }
    if (!gelf_getehdr(e, &eh)) {
        err = img_fail(msg, HS_IMAGE_ERR_FORMAT, path, "bad ELF header: %s", elf_errmsg(-1));
        goto out;
    }
    if (eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_machine != EM_ARM) {
        err = img_fail(msg, HS_IMAGE_ERR_MACHINE, path,
                       "ELF for machine %u, class %u: hypsim runs 32-bit ARM images "
                       "(EM_ARM, ELFCLASS32)", eh.e_machine, eh.e_ident[EI_CLASS]);
        goto out;
    }
    if (eh.e_ident[EI_DATA] != ELFDATA2LSB) {
        err = img_fail(msg, HS_IMAGE_ERR_MACHINE, path,
                       "big-endian ARM images are not supported");
        goto out;
    }
    if (eh.e_type != ET_EXEC) {
        err = img_fail(msg, HS_IMAGE_ERR_MACHINE, path,
                       "ELF type %u is not an executable (ET_EXEC)", eh.e_type);
        goto out;
    }
    if (elf_getphdrnum(e, &phnum) != 0) {
        err = img_fail(msg, HS_IMAGE_ERR_FORMAT, path, "no program headers: %s",
                       elf_errmsg(-1));
        goto out;
    }
    file = elf_rawfile(e, &filesize);
    if (!file) {
        err = img_fail(msg, HS_IMAGE_ERR_FORMAT, path, "cannot read: %s", elf_errmsg(-1));
        goto out;
    }
    out->low = UINT64_MAX;
    out->high = 0;
    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)i, &ph)) {
            err = img_fail(msg, HS_IMAGE_ERR_FORMAT, path, "program header %zu: %s", i,
                           elf_errmsg(-1));
            goto out;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0) {
            continue;
        }
        if (ph.p_filesz > ph.p_memsz || ph.p_offset > filesize ||
            ph.p_filesz > filesize - ph.p_offset) {
            err = img_fail(msg, HS_IMAGE_ERR_FORMAT, path,
                           "segment %zu: file range [0x%" G_GINT64_MODIFIER "x, +0x%"
                           G_GINT64_MODIFIER "x) lies outside the file or exceeds its "
                           "memory size", i, (uint64_t)ph.p_offset, (uint64_t)ph.p_filesz);
            goto out;
        }
        if (!in_ram(map, ph.p_paddr, ph.p_memsz)) {
            err = img_fail(msg, HS_IMAGE_ERR_RANGE, path,
                           "segment %zu at [0x%08" G_GINT64_MODIFIER "x, 0x%08"
                           G_GINT64_MODIFIER "x) is outside RAM [0x%08" G_GINT64_MODIFIER
                           "x, 0x%08" G_GINT64_MODIFIER "x)", i, (uint64_t)ph.p_paddr,
                           (uint64_t)(ph.p_paddr + ph.p_memsz), map->ram_base,
                           map->ram_base + map->ram_size);
            goto out;
        }
        for (unsigned k = 0; k < nseg; k++) {
            if (ph.p_paddr < segs[k].paddr + segs[k].memsz &&
                segs[k].paddr < ph.p_paddr + ph.p_memsz) {
                err = img_fail(msg, HS_IMAGE_ERR_OVERLAP, path,
                               "segment %zu at 0x%08" G_GINT64_MODIFIER "x overlaps the "
                               "segment at 0x%08" G_GINT64_MODIFIER "x", i,
                               (uint64_t)ph.p_paddr, segs[k].paddr);
                goto out;
            }
        }
        if (nseg == MAX_SEGMENTS) {
            err = img_fail(msg, HS_IMAGE_ERR_FORMAT, path, "more than %d loadable segments",
                           MAX_SEGMENTS);
            goto out;
        }
        segs[nseg].paddr = ph.p_paddr;
        segs[nseg].memsz = ph.p_memsz;
        nseg++;
        memcpy(map->ram + (ph.p_paddr - map->ram_base), file + ph.p_offset, ph.p_filesz);
        memset(map->ram + (ph.p_paddr - map->ram_base) + ph.p_filesz, 0,
               ph.p_memsz - ph.p_filesz);
        out->low = MIN(out->low, ph.p_paddr);
        out->high = MAX(out->high, ph.p_paddr + ph.p_memsz);
    }
    if (nseg == 0) {
        err = img_fail(msg, HS_IMAGE_ERR_FORMAT, path, "no loadable (PT_LOAD) segment");
        goto out;
    }
    out->nsegments = nseg;
    out->entry = (uint32_t)eh.e_entry;
    if (!in_ram(map, eh.e_entry & ~1ull, 4)) {
        err = img_fail(msg, HS_IMAGE_ERR_RANGE, path,
                       "entry point 0x%08" G_GINT64_MODIFIER "x is outside RAM",
                       (uint64_t)eh.e_entry);
    }
out:
    if (e) {
        elf_end(e);
    }
    close(fd);
    return err;
}

hs_image_err hs_image_load_raw(const char *path, uint64_t addr, hs_memmap *map,
                               hs_image *out, char **msg)
{
    char *data;
    gsize len;
    GError *gerr = NULL;

    if (!g_file_get_contents(path, &data, &len, &gerr)) {
        hs_image_err err = img_fail(msg, HS_IMAGE_ERR_IO, path, "%s", gerr->message);
        g_error_free(gerr);
        return err;
    }
    if (len == 0 || !in_ram(map, addr, len)) {
        g_free(data);
        return img_fail(msg, HS_IMAGE_ERR_RANGE, path,
                        "%zu bytes at 0x%08" G_GINT64_MODIFIER "x do not fit in RAM [0x%08"
                        G_GINT64_MODIFIER "x, 0x%08" G_GINT64_MODIFIER "x)", (size_t)len,
                        addr, map->ram_base, map->ram_base + map->ram_size);
    }
    memcpy(map->ram + (addr - map->ram_base), data, len);
    g_free(data);
    out->entry = (uint32_t)addr;
    out->low = addr;
    out->high = addr + len;
    out->nsegments = 1;
    return HS_IMAGE_OK;
}
