#!/usr/bin/env python3
"""check_component.py - checks of idf/pinq, the ESP-IDF component, that
need no ESP-IDF:

  manifest SCHEMA MANIFEST PINQ_H
      the idf_component.yml validates against the JSON schema of the
      manifest format, and its version is PINQ_VERSION_STRING of pinq.h
  kconfig SDKCONFIG_DEFAULTS PINQ_KCONFIG [KCONFIG...]
      every CONFIG_PINQ_* the sdkconfig.defaults sets is declared by some
      Kconfig (ESP-IDF ignores a misspelt one silently), and every option
      of pinq's Kconfig is set there, so that the configuration
      targets/esp32 compiles is complete
"""
import json
import re
import sys


def manifest_errors(schema_path, manifest_path, pinq_h):
    import jsonschema
    import yaml

    manifest = yaml.safe_load(open(manifest_path))
    errors = [e.message for e in jsonschema.Draft7Validator(json.load(open(schema_path))).iter_errors(manifest)]
    m = re.search(r'#define\s+PINQ_VERSION_STRING\s+"([^"]+)"', open(pinq_h).read())
    if not m:
        errors.append("no PINQ_VERSION_STRING in " + pinq_h)
    elif isinstance(manifest, dict) and manifest.get("version") != m.group(1):
        errors.append(f"version {manifest.get('version')!r} is not PINQ_VERSION_STRING {m.group(1)!r}")
    return errors


def kconfig_errors(defaults, pinq_kconfig, *others):
    declared = {}
    for path in (pinq_kconfig, *others):
        for name in re.findall(r"^\s*config\s+(\w+)", open(path).read(), re.M):
            declared[name] = path
    pinq_options = {n for n, p in declared.items() if p == pinq_kconfig}
    set_names = set(re.findall(r"^CONFIG_(PINQ_\w+)=", open(defaults).read(), re.M))
    errors = [f"CONFIG_{n} is set but no Kconfig declares it" for n in sorted(set_names - declared.keys())]
    choices = {n for n in pinq_options if re.match(r"PINQ_(MODE|POLICY)_", n)}
    errors += [f"CONFIG_{n} is not set in {defaults}" for n in sorted(pinq_options - choices - set_names)]
    for choice in ("PINQ_MODE_", "PINQ_POLICY_"):
        if not any(n.startswith(choice) for n in set_names):
            errors.append(f"no {choice}* choice set in {defaults}")
    return errors


def main(what, *args):
    errors = {"manifest": manifest_errors, "kconfig": kconfig_errors}[what](*args)
    for e in errors:
        print("FAIL: " + e)
    if not errors:
        print(f"PASS: {what}: " + " ".join(args))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
