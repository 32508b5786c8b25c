#!/usr/bin/env python3
"""doxygen-filter.py - Doxygen INPUT_FILTER for pinq's headers.

The headers use plain C comments in one fixed style, so that they read well
as source; this filter turns that style into Doxygen's on the fly (the
files themselves keep theirs):

  - the file's opening comment            -> the @file description
  - a comment block directly followed by a declaration (no blank line)
                                          -> that declaration's doc comment
    (only the first one's: a declaration right after it needs a comment
    of its own)
  - a comment directly followed by #if / #ifndef blocks that define
    macros (a default chosen by a build option)
                                          -> the doc of each such macro
  - a comment after code on the same line -> a trailing doc (/**< */) of
    that member, enum value or macro; `uint32_t lo, hi; /* a; b */` is
    split so that each field gets its part
  - indented runs inside a doc comment (code, tables, nested lists)
                                          -> @code blocks, layout kept
  - "---- name ----" banners, comments followed by a blank line or by a
    declaration that has its own trailing comment (a comment over a run
    of fields, such as "producer side"), and comments in function bodies
    stay plain comments.

Every output line is the input line it came from, changed in place, so
Doxygen's warnings name the header's real line numbers.

Usage (Doxygen calls it so): doxygen-filter.py FILE
"""
import re
import sys

BANNER = re.compile(r"^\s*/\*\s*-{3,}")
OPEN = re.compile(r"/\*(?![*!])")


def comment_end(lines, i):
    """Index of the line that closes the block comment opened on line i."""
    j = i
    while "*/" not in lines[j][lines[j].index("/*") + 2 if j == i else 0:]:
        j += 1
    return j


def is_decl_start(line):
    s = line.strip()
    if not s or s.startswith("/*") or s.startswith("//"):
        return False
    if s.startswith("#"):
        return re.match(r"#\s*define\b", s) is not None
    return s not in ("{", "}", "};") and not s.startswith("}")


def escape(text):
    """Comment text that Doxygen would read as markup it is not: token
    pasting (name##_slots) as a link request, <board> as an HTML tag."""
    text = text.replace("##", "\\#\\#")
    return re.sub(r"<([A-Za-z][\w-]*)>", r"\\<\1\\>", text)


LEADER = re.compile(r"^\s*(?:/\*\*?|\*)")


def indented(line):
    """A comment line whose text stands 3 or more columns in from the
    leader (" *   ")."""
    m = LEADER.match(line)
    return bool(m) and re.match(r" {3,}\S", line[m.end():]) is not None


def blank(line):
    return re.fullmatch(r"\s*\*?\s*", line) is not None


def preformat(out, i, j):
    """Indented runs in a doc comment (code, tables, nested lists), after a
    blank comment line or a line ending in ':', keep their layout: Doxygen
    gets them as @code blocks (its Markdown code blocks would read
    "#include" as a link request)."""
    k = i + 1
    while k <= j:
        if indented(out[k]) and (blank(out[k - 1]) or out[k - 1].rstrip().endswith(":")):
            e = k
            while e + 1 <= j and indented(out[e + 1]):
                e += 1
            out[k - 1] = out[k - 1].rstrip() + (" * @code" if out[k - 1].strip() == "" else " @code")
            end = out[e].rfind("*/") if e == j else -1
            out[e] = out[e][:end] + "@endcode " + out[e][end:] if end >= 0 else out[e] + " @endcode"
            k = e + 1
        k += 1


MULTI = re.compile(r"^(\s*)(\w[\w ]*?)\s+(\w+(?:\s*,\s*\w+)+)\s*;\s*$")


def split_declarators(line):
    """`uint32_t lo, hi; /* doc */` declares two fields, and Doxygen would
    give the doc to the last alone: one declaration each, on the same line,
    each with the comment's part for it when the comment has one part per
    field ("half-bits so far; level of ..."), else each with all of it."""
    k = line.find("/*")
    e = line.find("*/", k)
    m = MULTI.match(line[:k])
    if not m or e < 0 or line[e + 2:].strip():
        return None
    names = [x.strip() for x in m.group(3).split(",")]
    text = line[k + 2:e].strip()
    parts = [x.strip() for x in text.split(";")]
    if len(parts) != len(names):
        parts = [text] * len(names)
    return m.group(1) + " ".join("%s %s; /**< %s */" % (m.group(2), n, escape(t))
                                 for n, t in zip(names, parts))


def has_trailing_comment(line):
    k = line.find("/*")
    return k > 0 and line[:k].strip() != ""


def code_only(lines):
    """Each line with its comments and string literals blanked out."""
    text = re.sub(r'/\*.*?\*/|"(?:\\.|[^"\\\n])*"',
                  lambda m: re.sub(r"[^\n]", " ", m.group(0)), "\n".join(lines), flags=re.S)
    return text.split("\n")


def conditional_defines(lines, out, i, j, k):
    """A comment over a preprocessor conditional that defines macros
    (a default chosen by a build option), or over several such
    conditionals back to back, documents each of them, in
    whichever branch Doxygen's preprocessor takes: each such #define with
    no comment of its own gets the comment's text on its line."""
    text = " ".join(re.sub(r"^\s*(/\*|\*/|\*)?\s?", "", l).replace("*/", "").strip()
                    for l in lines[i:j + 1]).strip()
    depth = 0
    for m in range(k, len(lines)):
        d = lines[m].strip()
        if re.match(r"#\s*if", d):
            depth += 1
        elif re.match(r"#\s*endif", d):
            depth -= 1
            # the comment covers the conditionals that follow it back to back
            if depth == 0 and not (m + 1 < len(lines) and re.match(r"\s*#\s*if", lines[m + 1])):
                return
        elif re.match(r"#\s*define\s", d) and not has_trailing_comment(lines[m]):
            out[m] = "/** %s */ %s" % (escape(text), lines[m])


def filter_lines(lines):
    out = list(lines)
    codes = code_only(lines)
    n = len(lines)
    seen_first = False
    scopes = []  # the braces open around line i: "decl" (extern "C", struct, union, enum) or "body"
    i = 0
    while i < n:
        line = lines[i]
        stripped = line.lstrip()
        code = codes[i]
        if not stripped.startswith("#"):
            for ch in code:
                if ch == "{":
                    decl = re.search(r"\b(struct|union|enum|extern)\b", code)
                    scopes.append("decl" if decl else "body")
                elif ch == "}" and scopes:
                    scopes.pop()
        in_body = "body" in scopes
        # a comment on a line of its own (in a function body: a plain comment)
        if stripped.startswith("/*") and not stripped.startswith("/**") and not in_body:
            j = comment_end(lines, i)
            if not seen_first:
                seen_first = True
                # "/* pinq.h - what it is" names the file and says what it is
                out[i] = re.sub(r"^/\*\s*(\S+\.h)\s+-\s+", r"/** @file \1 @brief ", line)
                out[i] = out[i] if out[i] != line else line.replace("/*", "/** @file", 1)
                for m in range(i, j + 1):
                    out[m] = escape(out[m])
                preformat(out, i, j)
                i = j + 1
                continue
            k = j + 1
            if not BANNER.match(line) and k < n and re.match(r"\s*#\s*if", lines[k]):
                conditional_defines(lines, out, i, j, k)
            if (not BANNER.match(line) and k < n and is_decl_start(lines[k])
                    and not has_trailing_comment(lines[k])):
                out[i] = line.replace("/*", "/**", 1)
                for m in range(i, j + 1):
                    out[m] = escape(out[m])
                preformat(out, i, j)
            i = j + 1
            continue
        seen_first = seen_first or bool(stripped)
        # a trailing comment after code
        if has_trailing_comment(line) and not line.lstrip().startswith("#if") and not in_body:
            m = OPEN.search(line)
            split = split_declarators(line)
            if split:
                out[i] = split
            elif m:
                out[i] = line[:m.start()] + "/**<" + escape(line[m.end():])
            j = comment_end(lines, i) if "*/" not in line[line.find("/*") + 2:] else i
            for m in range(i + 1, j + 1):
                out[m] = escape(out[m])
            i = j + 1
            continue
        i += 1
    return out


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = f.read().split("\n")
    sys.stdout.write("\n".join(filter_lines(lines)))


if __name__ == "__main__":
    main()
