#!/usr/bin/env python3
"""check_manifests.py - the PlatformIO and Arduino manifests at the repository
root, checked where no tool that consumes them exists on Debian (PlatformIO)
or in what the consumer does not check (versions, paths):

  library.json        against library-json.schema.json (python3-jsonschema),
                      and every path it names must match files
  library.properties  against the Arduino library specification (1.5 format,
                      rev. 2.2): required fields, name, version, category,
                      url, architectures, includes
  both                version equal to PINQ_VERSION_STRING in include/pinq.h

  check_manifests.py <source dir>
"""
import glob
import json
import os
import re
import sys

import jsonschema

root = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAILED: " + what)


with open(os.path.join(root, "include", "pinq.h")) as f:
    version = re.search(r'^#define PINQ_VERSION_STRING "([^"]+)"', f.read(), re.M).group(1)

# ---- library.json ----
with open(os.path.join(root, "library.json")) as f:
    pio = json.load(f)
with open(os.path.join(here, "library-json.schema.json")) as f:
    schema = json.load(f)
errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(pio)]
check(not errors, "library.json schema: " + "; ".join(errors))
check(pio.get("version") == version, "library.json version %s, pinq.h %s" % (pio.get("version"), version))
check("arduino" in pio.get("frameworks", ""), "library.json: no arduino framework")
build = pio.get("build", {})
src = os.path.join(root, build.get("srcDir", "src"))
for pat in build.get("srcFilter", []):
    m = re.fullmatch(r"([+-])<(.+)>", pat)
    check(m is not None, "srcFilter entry %r is not +<glob> or -<glob>" % pat)
    if m and m.group(1) == "+":
        check(glob.glob(os.path.join(src, m.group(2))), "srcFilter %s matches no file" % pat)
inc_dirs = [os.path.join(root, build.get("includeDir", "include"))]
for flag in build.get("flags", []):
    if flag.startswith("-I"):
        inc_dirs.append(os.path.join(root, flag[2:].strip()))
for d in inc_dirs:
    check(os.path.isdir(d), "include directory %s missing" % d)
headers = pio.get("headers", [])
for h in [headers] if isinstance(headers, str) else headers:
    check(any(os.path.isfile(os.path.join(d, h)) for d in inc_dirs), "header %s not on the include path" % h)
for pat in pio.get("examples", []):
    check(glob.glob(os.path.join(root, pat)), "examples %s match nothing" % pat)

# ---- library.properties ----
props = {}
with open(os.path.join(root, "library.properties"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        check(sep == "=", "library.properties:%d: not key=value" % n)
        check(key not in props, "library.properties:%d: %s given twice" % (n, key))
        props[key.strip()] = value.strip()
required = ["name", "version", "author", "maintainer", "sentence", "paragraph", "category", "url", "architectures"]
for key in required:
    check(props.get(key), "library.properties: %s missing or empty" % key)
name = props.get("name", "")
check(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,62}", name) is not None, "name %r: letters, digits, space _ . -, 63 at most" % name)
check(not name.lower().startswith("arduino"), "name %r: only Arduino's own libraries start with Arduino" % name)
check(name == pio.get("name"), "library.properties name %r, library.json %r" % (name, pio.get("name")))
check(props.get("version") == version, "library.properties version %s, pinq.h %s" % (props.get("version"), version))
check(re.fullmatch(r"\d+\.\d+\.\d+", props.get("version", "")) is not None, "version not MAJOR.MINOR.PATCH")
categories = ["Display", "Communication", "Signal Input/Output", "Sensors", "Device Control", "Timing",
              "Data Storage", "Data Processing", "Other"]
check(props.get("category") in categories, "category %r not one of %s" % (props.get("category"), categories))
check(re.match(r"https?://\S+$", props.get("url", "")) is not None, "url is no http(s) URL")
arches = [a.strip() for a in props.get("architectures", "").split(",")]
check(arches == ["*"] or all(re.fullmatch(r"[a-z0-9_]+", a) for a in arches), "architectures %r" % arches)
check(not props.get("sentence", "").startswith(props.get("paragraph", "")[:20]) or not props.get("paragraph"),
      "paragraph repeats the sentence")
# the headers the IDE's "include library" adds must be in the exported src/ (tools/arduino-export.sh)
exported = [os.path.join(root, "include"), os.path.join(root, "port", "arduino")]
for h in filter(None, (x.strip() for x in props.get("includes", "").split(","))):
    check(any(os.path.isfile(os.path.join(d, h)) for d in exported), "includes: %s not exported" % h)

print("manifests: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
