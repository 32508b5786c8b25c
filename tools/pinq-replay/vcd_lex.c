/* vcd_lex.c - VCD tokens and free text (see vcd_lex.h). */
#include <string.h>

#include "vcd_lex.h"

/* VCD separates tokens by any white space (IEEE 1364 §18.2). */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

void vcd_lex_init(vcd_lex_t *lx, const char *buf, size_t len)
{
    lx->p = buf;
    lx->end = buf + len;
    lx->line = 1;
}

static void skip_space(vcd_lex_t *lx)
{
    while (lx->p < lx->end && is_space(*lx->p)) {
        if (*lx->p == '\n')
            lx->line++;
        lx->p++;
    }
}

int vcd_lex_next(vcd_lex_t *lx, vcd_tok_t *t)
{
    skip_space(lx);
    t->s = lx->p;
    t->line = lx->line;
    while (lx->p < lx->end && !is_space(*lx->p))
        lx->p++;
    t->len = (size_t)(lx->p - t->s);
    return t->len > 0;
}

int vcd_tok_is(const vcd_tok_t *t, const char *word)
{
    return t->len == strlen(word) && memcmp(t->s, word, t->len) == 0;
}

int vcd_lex_text(vcd_lex_t *lx, vcd_tok_t *t)
{
    vcd_tok_t w;
    skip_space(lx);
    t->s = lx->p;
    t->line = lx->line;
    t->len = 0;
    while (vcd_lex_next(lx, &w)) {
        if (vcd_tok_is(&w, "$end"))
            return 1;
        t->len = (size_t)(w.s + w.len - t->s);
    }
    return 0;
}
