#!/usr/bin/env python3
"""check_iram.py - fails unless everything an ESP-IDF IRAM interrupt
handler can reach is placed in IRAM (or DRAM, for the constants it reads).

With ESP_INTR_FLAG_IRAM the handler runs while the flash cache is off: a
call into flash, or a read of a flash constant (a string, a switch's jump
table), crashes the chip then, and only then. This walks the call and
reference graph from the root symbols through the objects' relocations
(-ffunction-sections -fdata-sections objects, so each function and each
constant has its own section) and places each section as ESP-IDF would:
  IRAM     .iram1.* sections (IRAM_ATTR), and the code of objects that the
           component's linker fragment maps (noflash)
  DRAM     data and bss, .dram1.* (DRAM_ATTR), and constants of (noflash)
           objects
  flash    any other code or constant: an error when reached
An undefined symbol must be one the allow list names (ESP-IDF functions
that ESP-IDF itself keeps in IRAM). A reference that only task context
takes (the caller's own comment says so) is listed in --task-only.

usage: check_iram.py --lf linker.lf --root SYM [--root SYM...]
         [--allow SYM...] [--task-only CALLER:CALLEE...] [--readelf R] OBJ...
"""
import argparse
import os
import re
import subprocess
import sys


def readelf(tool, flag, obj):
    return subprocess.run([tool, "-W", flag, obj], check=True, capture_output=True, text=True).stdout


def noflash_entries(lf_path):
    """What the linker fragment maps (noflash): object names, and
    object:function pairs; every such entry, whatever condition guards it
    (the check is for the IRAM build)."""
    names = set()
    for line in open(lf_path):
        m = re.match(r"\s*([A-Za-z0-9_]+(?:\s*:\s*[A-Za-z0-9_]+)?)\s*\(noflash\)", line)
        if m:
            names.add(re.sub(r"\s", "", m.group(1)))
    return names


class Obj:
    """One object file: its sections, symbols and relocations."""

    def __init__(self, tool, path):
        self.path = path
        self.name = os.path.basename(path).split(".")[0]
        self.sections = {}
        for m in re.finditer(r"^\s*\[\s*(\d+)\]\s+(\S+)\s+(\S+)", readelf(tool, "-S", path), re.M):
            self.sections[m.group(1)] = m.group(2)
        self.symbols = {}  # name -> section name (defined ones)
        self.undefined = set()
        for line in readelf(tool, "-s", path).splitlines():
            f = line.split()
            if len(f) < 7 or not f[0].endswith(":") or f[3] == "FILE":
                continue
            name = f[7] if len(f) > 7 else ""
            if f[3] == "SECTION":
                name = self.sections.get(f[6], "")
            if f[6] == "UND":
                if name:
                    self.undefined.add(name)
            elif f[6] in self.sections and name:
                self.symbols[name] = self.sections[f[6]]
        self.relocs = {}  # section -> [symbol names it refers to]
        cur = None
        for line in readelf(tool, "-r", path).splitlines():
            m = re.match(r"Relocation section '\.rela(\S+)'", line)
            if m:
                cur = self.relocs.setdefault(m.group(1), [])
                continue
            f = line.split()
            if cur is not None and len(f) >= 5 and f[2].startswith("R_"):
                cur.append(f[4])


def placement(obj, section, noflash):
    if section.startswith(".iram1"):
        return "IRAM"
    if section.startswith((".text", ".literal")):
        fn = re.sub(r"^\.text(\.unlikely|\.hot)?\.", "", section)
        return "IRAM" if obj.name in noflash or f"{obj.name}:{fn}" in noflash else "flash"
    if section.startswith((".rodata", ".srodata")):
        return "DRAM" if obj.name in noflash else "flash"
    return "DRAM"


def owner(obj, section):
    """The function or object a section holds, for messages."""
    for name, sec in obj.symbols.items():
        if sec == section and not name.startswith((".", "$")):
            return name
    return section


def walk(objs, roots, noflash, allow, task_only):
    defined = {}
    for o in objs:
        for name, sec in o.symbols.items():
            defined.setdefault(name, (o, sec))
    todo = [defined[r] for r in roots]
    seen, errors = set(), []
    while todo:
        o, sec = todo.pop()
        if (o.path, sec) in seen:
            continue
        seen.add((o.path, sec))
        where = placement(o, sec, noflash)
        print(f"  {where:5} {o.name}: {owner(o, sec)} ({sec})")
        if where == "flash":
            errors.append(f"{o.name}: {owner(o, sec)} ({sec}) is in flash but reachable from the ISR")
            continue
        if not sec.startswith((".iram1", ".text", ".rodata", ".srodata")):
            continue  # writable data: what it points to is decided at run time
        caller = owner(o, sec)
        for sym in o.relocs.get(sec, []):
            if f"{caller}:{sym}" in task_only:
                continue
            if sym in o.symbols:
                todo.append((o, o.symbols[sym]))
            elif sym in defined:
                todo.append(defined[sym])
            elif sym not in allow:
                errors.append(f"{o.name}: {caller} refers to {sym}, which is not known to be in IRAM")
    return errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lf", required=True)
    ap.add_argument("--root", action="append", required=True)
    ap.add_argument("--allow", action="append", default=[])
    ap.add_argument("--task-only", action="append", default=[])
    ap.add_argument("--readelf", default="riscv64-unknown-elf-readelf")
    ap.add_argument("objs", nargs="+")
    a = ap.parse_args()
    objs = [Obj(a.readelf, p) for p in a.objs]
    print("reachable from " + ", ".join(a.root) + ":")
    errors = walk(objs, a.root, noflash_entries(a.lf), set(a.allow), set(a.task_only))
    for e in errors:
        print("FAIL: " + e)
    if not errors:
        print("PASS: the ISR path is in IRAM/DRAM")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
