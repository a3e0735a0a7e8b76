#!/usr/bin/env python3
"""docs/plan-findings.md lists exactly the finding codes the code can emit.

The codes are the snake_case string literals of the modules that report
findings (every finding code is one: a rule's, an add() call's, a mapped
status's); the documented ones are the first column of the page's tables.

Usage: findings_doc.py REPO_ROOT
"""
import glob
import os
import re
import sys

# the modules that emit findings; every source of the plan and config folders
SOURCES = ["src/service.c", "src/aksengine.c", "src/plan/*.c", "src/config/*.c"]
LITERAL = re.compile(r'"([a-z][a-z0-9]*(?:_[a-z0-9]+)+)"')
DOC_ROW = re.compile(r"^\| `([a-z0-9_]+)` \|", re.M)


def main():
    root = sys.argv[1] if len(sys.argv) == 2 else "."
    code = set()
    files = sorted(f for s in SOURCES for f in glob.glob(os.path.join(root, s)))
    for f in files:
        text = open(f).read()
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # not the comments
        code |= set(LITERAL.findall(text))
    doc = set(DOC_ROW.findall(open(os.path.join(root, "docs/plan-findings.md")).read()))
    missing, stale = sorted(code - doc), sorted(doc - code)
    for c in missing:
        print("findings_doc: %s is emitted but not in docs/plan-findings.md" % c)
    for c in stale:
        print("findings_doc: %s is documented but no code emits it" % c)
    bad = len(missing) + len(stale)
    print("findings_doc: %d codes: %d passed, %d failed" % (len(code | doc), len(code | doc) - bad, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
