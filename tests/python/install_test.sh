#!/usr/bin/env bash
# pip install of bindings/python into a fresh virtual environment, offline
# (no package index), then `import dsnet` from another directory and the
# Python examples against the installed package; a wheel from the tree and
# one from an sdist.
# Usage: install_test.sh SOURCE_DIR WORK_DIR PYTHON
set -euo pipefail
src=$1 work=$2 py=$3
rm -rf "$work" && mkdir -p "$work"
"$py" -m venv "$work/venv"
PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 "$work/venv/bin/pip" install --no-index -q "$src/bindings/python"
cd /tmp
env -u PYTHONPATH -u DSNET_LIBRARY -u DSNET_CONFIG_LIBRARY "$work/venv/bin/python" - <<'PY'
import dsnet, os
assert dsnet.__file__.startswith(os.environ.get("VIRTUAL_ENV", "")) or "site-packages" in dsnet.__file__, dsnet.__file__
assert os.path.isfile(os.path.join(os.path.dirname(dsnet.__file__), "_lib", "libdsnet.so"))
assert dsnet.__version__ == dsnet.library_version()
assert str(dsnet.pod_cidrs("10.244.0.0/16,fc00::/48", 2)[1]) == "fc00:0:0:2::/64"
# libdsnet_config rides along where libyaml is (the machines scripts/deps sets up)
if os.path.isfile(os.path.join(os.path.dirname(dsnet.__file__), "_lib", "libdsnet_config.so")):
    p = dsnet.Plan.from_config("kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n")
    assert p.derive()["flags"]["kube-controller-manager"]["--cluster-cidr"] == "10.244.0.0/16", p.derive()
    print("config reader: ok")
print("import from /tmp: ok", dsnet.__version__)
PY
env -u PYTHONPATH -u DSNET_LIBRARY -u DSNET_CONFIG_LIBRARY "$work/venv/bin/python" "$src/examples/python/pod_cidrs.py" >/dev/null
env -u PYTHONPATH -u DSNET_LIBRARY -u DSNET_CONFIG_LIBRARY "$work/venv/bin/python" "$src/examples/python/validate_aks.py" >/dev/null
"$work/venv/bin/pip" wheel --no-index -q -w "$work/wheel" "$src/bindings/python"
ls "$work"/wheel/dsnet-*-py3-none-*.whl >/dev/null
# an sdist, and a wheel built from it alone (its csrc/ has the C sources)
mkdir -p "$work/sdist"
(cd "$src/bindings/python" && "$work/venv/bin/python" -c \
  "import sys; sys.path.insert(0, '_build_backend'); import backend; print(backend.build_sdist(sys.argv[1]))" \
  "$work/sdist") >/dev/null
"$work/venv/bin/pip" wheel --no-index --no-deps -q -w "$work/from-sdist" "$work"/sdist/dsnet-*.tar.gz
ls "$work"/from-sdist/dsnet-*-py3-none-*.whl >/dev/null
echo "python install: 5 passed, 0 failed"
