#include "traces/symbols.h"

#include "traces/log.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

typedef struct sym {
    uint64_t addr, size;
    char *name;
    bool func;
} sym;

struct hs_symtab {
    GArray *syms;              /* sym, by address */
};

/* ARM ELF mapping symbols ($a, $t, $d and their "$x.n" forms) mark code and
 * data, not places worth naming (ARM IHI 0044 "Mapping symbols"). */
static bool is_mapping_symbol(const char *name)
{
    return name[0] == '$' && strchr("atdx", name[1]) && (name[2] == 0 || name[2] == '.');
}

static gint by_addr(gconstpointer a, gconstpointer b)
{
    const sym *x = a, *y = b;
    if (x->addr != y->addr) {
        return x->addr < y->addr ? -1 : 1;
    }
    /* At one address, functions first, then sized before labels. */
    if (x->func != y->func) {
        return x->func ? -1 : 1;
    }
    return x->size > y->size ? -1 : x->size < y->size;
}

static void read_symbols(Elf *elf, GElf_Half machine, Elf_Scn *scn, GElf_Shdr *sh, GArray *out)
{
    Elf_Data *data = elf_getdata(scn, NULL);
    size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;

    for (size_t i = 0; data && i < n; i++) {
        GElf_Sym es;
        const char *name;
        int type;
        sym s;

        if (!gelf_getsym(data, (int)i, &es)) {
            break;
        }
        type = GELF_ST_TYPE(es.st_info);
        if ((type != STT_FUNC && type != STT_NOTYPE && type != STT_OBJECT) ||
            es.st_shndx == SHN_UNDEF || es.st_shndx == SHN_ABS) {
            continue;
        }
        name = elf_strptr(elf, sh->sh_link, es.st_name);
        if (!name || !name[0] || is_mapping_symbol(name)) {
            continue;
        }
        s.addr = es.st_value;
        /* The Thumb bit of an ARM function symbol is not part of its address. */
        if (machine == EM_ARM && type == STT_FUNC) {
            s.addr &= ~(uint64_t)1;
        }
        s.size = es.st_size;
        s.func = type == STT_FUNC;
        s.name = g_strdup(name);
        g_array_append_val(out, s);
    }
}

static void clear_sym(gpointer p)
{
    g_free(((sym *)p)->name);
}

hs_symtab *hs_symtab_open(const char *path, char **msg)
{
    int fd;
    Elf *elf;
    GElf_Ehdr eh;
    Elf_Scn *scn = NULL;
    hs_symtab *s;
    bool have_symtab = false;

    if (elf_version(EV_CURRENT) == EV_NONE) {
        *msg = g_strdup_printf("libelf: %s", elf_errmsg(-1));
        return NULL;
    }
    fd = open(path, O_RDONLY);
    if (fd < 0) {
        *msg = g_strdup_printf("%s: %s", path, g_strerror(errno));
        return NULL;
    }
    elf = elf_begin(fd, ELF_C_READ, NULL);
    if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
        *msg = g_strdup_printf("%s: not an ELF file", path);
        if (elf) {
            elf_end(elf);
        }
        close(fd);
        return NULL;
    }
    s = g_new0(hs_symtab, 1);
    s->syms = g_array_new(FALSE, FALSE, sizeof(sym));
    g_array_set_clear_func(s->syms, clear_sym);
    while ((scn = elf_nextscn(elf, scn))) {
        GElf_Shdr sh;
        if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB) {
            read_symbols(elf, eh.e_machine, scn, &sh, s->syms);
            have_symtab = true;
        }
    }
    while (!have_symtab && (scn = elf_nextscn(elf, scn))) {
        GElf_Shdr sh;
        if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_DYNSYM) {
            read_symbols(elf, eh.e_machine, scn, &sh, s->syms);
        }
    }
    elf_end(elf);
    close(fd);
    if (!s->syms->len) {
        *msg = g_strdup_printf("%s: no symbols", path);
        hs_symtab_free(s);
        return NULL;
    }
    g_array_sort(s->syms, by_addr);
    return s;
}

void hs_symtab_free(hs_symtab *s)
{
    if (s) {
        g_array_free(s->syms, TRUE);
        g_free(s);
    }
}

size_t hs_symtab_count(const hs_symtab *s)
{
    return s->syms->len;
}

bool hs_symtab_lookup(const hs_symtab *s, uint64_t addr, const char **name, uint64_t *offset)
{
    const sym *v = (const sym *)(const void *)s->syms->data;
    size_t lo = 0, hi = s->syms->len, first;

    /* The first symbol above addr; candidates are below it. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].addr <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return false;
    }
    /* The symbols at the nearest address at or below addr, best first (by_addr). */
    first = lo - 1;
    while (first > 0 && v[first - 1].addr == v[lo - 1].addr) {
        first--;
    }
    for (size_t i = first; i < lo; i++) {
        if (!v[i].size || addr - v[i].addr < v[i].size) {
            *name = v[i].name;
            *offset = addr - v[i].addr;
            return true;
        }
    }
    return false;
}

bool hs_symtab_find_sized(const hs_symtab *s, const char *name, uint64_t *addr, uint64_t *size)
{
    for (guint i = 0; i < s->syms->len; i++) {
        const sym *v = &g_array_index(s->syms, sym, i);
        if (!strcmp(v->name, name)) {
            *addr = v->addr;
            *size = v->size;
            return true;
        }
    }
    return false;
}

bool hs_symtab_find(const hs_symtab *s, const char *name, uint64_t *addr)
{
    uint64_t size;
    return hs_symtab_find_sized(s, name, addr, &size);
}

static bool lookup(void *opaque, uint64_t addr, const char **name, uint64_t *offset)
{
    return hs_symtab_lookup(opaque, addr, name, offset);
}

hs_symbolizer hs_symtab_symbolizer(hs_symtab *s)
{
    return (hs_symbolizer){ lookup, s };
}

hs_symtab *hs_symtab_open_for_log(const hs_log_reader *r, const char *image, char **why)
{
    const hs_log_meta *m = hs_log_reader_meta(r);
    hs_symtab *s;
    char *msg = NULL;

    *why = NULL;
    if (!image) {
        char *sha;
        image = m->image_path;
        if (!image) {
            return NULL;                /* nothing to say: the log has no image */
        }
        if (!g_file_test(image, G_FILE_TEST_IS_REGULAR)) {
            *why = g_strdup_printf("%s, the image this log was recorded with, is not there; "
                                   "no symbols shown (give --image)", image);
            return NULL;
        }
        sha = hs_file_sha256(image, &msg);
        if (!sha || (m->image_sha256 && strcmp(sha, m->image_sha256))) {
            *why = g_strdup_printf("%s is not the image this log was recorded with (%s); no "
                                   "symbols shown (give --image to force)", image,
                                   sha ? "its SHA-256 differs" : msg);
            g_free(sha);
            g_free(msg);
            return NULL;
        }
        g_free(sha);
    }
    s = hs_symtab_open(image, &msg);
    if (!s) {
        *why = g_strdup_printf("no symbols: %s", msg);
        g_free(msg);
    }
    return s;
}
