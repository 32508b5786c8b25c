/* vcd_lex.h - VCD's lexical layer: whitespace-separated tokens with the
 * line each starts on, over a buffer of known length (NUL bytes are just
 * bytes), and the free text of $comment / $var names up to "$end". */
#ifndef PINQ_REPLAY_VCD_LEX_H
#define PINQ_REPLAY_VCD_LEX_H

#include <stddef.h>

typedef struct vcd_lex {
    const char *p, *end;
    unsigned long line; /* of p */
} vcd_lex_t;

typedef struct vcd_tok {
    const char *s;      /* points into the buffer; not NUL-terminated */
    size_t len;
    unsigned long line; /* where the token starts */
} vcd_tok_t;

void vcd_lex_init(vcd_lex_t *lx, const char *buf, size_t len);

/* The next token in *t: returns 1, or 0 at the end of the buffer (then
 * t->line is the last line, for "unexpected end of file" messages). */
int vcd_lex_next(vcd_lex_t *lx, vcd_tok_t *t);

/* The text from here up to the next "$end" token, less the whitespace
 * around it, in *t (t->len may be 0); the "$end" is consumed. Returns 1,
 * or 0 if the buffer ends first. */
int vcd_lex_text(vcd_lex_t *lx, vcd_tok_t *t);

/* True if the token is exactly word. */
int vcd_tok_is(const vcd_tok_t *t, const char *word);

#endif
