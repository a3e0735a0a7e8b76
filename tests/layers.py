#!/usr/bin/env python3
"""The architecture test: the link graph of src/ follows the layer order.

Reads the object files of libdsnet (nm), maps every symbol to the module
that defines it (one source per module; src/text/ is one module), and fails
when a module uses a module of its own layer or a higher one (a cycle is
then impossible). The order is design.md's section 1, with the findings sink
right above error: Services, profiles and the plan report through it.

Usage: layers.py OBJECT_DIR   (the dsnet_objects target's directory)
"""
import os
import subprocess
import sys

# rank: a module may use only modules of a lower rank
LAYERS = [
    ["error", "version"],
    ["findings", "u128"],
    ["text"],
    ["addr"],
    ["prefix"],
    ["subnet"],
    ["dualstack"],
    ["k8s"],
    ["nodeipam"],
    ["cidrset"],
    ["service"],
    ["aksengine"],
    ["plan"],
]
RANK = {m: i for i, layer in enumerate(LAYERS) for m in layer}


def module_of(path, root):
    rel = os.path.relpath(path, root)
    parts = rel.split(os.sep)
    if len(parts) > 1:
        return parts[0]  # a folder is one module (src/text/)
    return parts[0].split(".")[0]


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    root = sys.argv[1]
    objs = []
    for d, _, files in os.walk(root):
        objs += [os.path.join(d, f) for f in files if f.endswith(".o")]
    if not objs:
        print("layers: no object files under %s" % root)
        return 1
    defined, used = {}, []
    for o in sorted(objs):
        m = module_of(o, root)
        if m not in RANK:
            print("layers: %s is in no layer: add it to tests/layers.py and design.md" % m)
            return 1
        out = subprocess.run(["nm", "--defined-only", o], capture_output=True, text=True, check=True)
        for line in out.stdout.splitlines():
            f = line.split()
            if len(f) == 3 and f[1] in "TDRBVWtdrb" and f[1].isupper():
                defined[f[2]] = m
        out = subprocess.run(["nm", "--undefined-only", o], capture_output=True, text=True, check=True)
        used += [(m, line.split()[-1], o) for line in out.stdout.splitlines() if line.strip()]
    bad = []
    for m, sym, o in used:
        d = defined.get(sym)
        if d is not None and d != m and RANK[d] >= RANK[m]:
            bad.append("%s (%s) uses %s of %s: %s may use only lower layers" %
                       (m, os.path.basename(o), sym, d, m))
    for b in sorted(set(bad)):
        print("layers: " + b)
    n = len({(m, defined[s]) for m, s, _ in used if s in defined and defined[s] != m})
    print("layers: %d module dependencies checked: %d passed, %d failed" %
          (n, n - len(set(bad)), len(set(bad))))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
