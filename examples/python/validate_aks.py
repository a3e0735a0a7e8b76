#!/usr/bin/env python3
"""Validate an AKS Engine API model (kubernetes.json) with every dual-stack rule.

    python3 validate_aks.py kubernetes.json
Exit status 1 when the plan has errors.
"""
import os
import sys

import dsnet

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                          "kubernetes.json")
plan = dsnet.Plan.from_aks_apimodel(path)
for f in plan.validate():
    print(f"{f.severity:7} {f.code:36} {f.field}: {f.message}")
derived = plan.derive()
print(f"\n{'VALID' if plan.valid else 'INVALID'}: room for {derived['nodeCapacity']} nodes")
for component, flags in derived["flags"].items():
    print(f"  {component} " + " ".join(f"{k}={v}" for k, v in flags.items()))
sys.exit(0 if plan.valid else 1)
