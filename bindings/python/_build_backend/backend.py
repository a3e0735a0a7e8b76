"""A minimal PEP 517 build backend for the dsnet package, with no requirement.

It builds libdsnet with CMake from the C sources (the repository two levels
up, or csrc/ inside an sdist), and writes a platform wheel holding the pure
Python package plus the shared library in dsnet/_lib/. Only the standard
library is used, so `pip install ./bindings/python` works offline.
"""
import base64
import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
import sysconfig
import tarfile
import tempfile
import zipfile

NAME = "dsnet"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
C_PARTS = ["CMakeLists.txt", "cmake", "include", "src"]


def _csource():
    for cand in (os.path.join(HERE, "csrc"), os.path.normpath(os.path.join(HERE, "..", ".."))):
        if os.path.isfile(os.path.join(cand, "CMakeLists.txt")) and os.path.isdir(os.path.join(cand, "src")):
            return cand
    raise RuntimeError("dsnet: C sources not found (expected csrc/ or the repository root)")


def _version():
    with open(os.path.join(_csource(), "CMakeLists.txt"), encoding="utf-8") as f:
        m = re.search(r"^\s*VERSION\s+([0-9]+\.[0-9]+\.[0-9]+)", f.read(), re.M)
    if not m:
        raise RuntimeError("dsnet: no VERSION in CMakeLists.txt")
    return m.group(1)


def _metadata():
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {NAME}\n"
        f"Version: {_version()}\n"
        "Summary: Dual-stack (IPv4 + IPv6) address math as Kubernetes applies it\n"
        "License: Apache-2.0\n"
        "Requires-Python: >=3.8\n"
        "Description-Content-Type: text/markdown\n\n" + readme
    )


def _tag():
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"py3-none-{plat}"


def _build_library(tmp):
    build = os.path.join(tmp, "build")
    flags = [
        "-DCMAKE_BUILD_TYPE=Release", "-DDSNET_BUILD_TESTS=OFF", "-DDSNET_BUILD_TOOLS=OFF",
        "-DDSNET_BUILD_EXAMPLES=OFF", "-DDSNET_BUILD_BENCH=OFF", "-DDSNET_BUILD_DOCS=OFF", "-DDSNET_INSTALL=OFF",
    ]
    subprocess.run(["cmake", "-S", _csource(), "-B", build] + flags, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build, "--target", "dsnet_shared", "-j", str(os.cpu_count() or 2)],
                   check=True, stdout=subprocess.DEVNULL)
    src = os.path.join(build, "src")
    real = [f for f in os.listdir(src) if f.startswith("libdsnet.so") and not os.path.islink(os.path.join(src, f))]
    if not real:
        raise RuntimeError("dsnet: CMake built no libdsnet.so")
    # libdsnet_config (config files), when CMake found libyaml: optional
    config = None
    cdir = os.path.join(src, "config")
    if os.path.exists(os.path.join(cdir, "Makefile")) or os.path.exists(os.path.join(build, "build.ninja")):
        done = subprocess.run(["cmake", "--build", build, "--target", "dsnet_config_shared", "-j",
                               str(os.cpu_count() or 2)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if done.returncode == 0 and os.path.isdir(cdir):
            found = [f for f in os.listdir(cdir)
                     if f.startswith("libdsnet_config.so") and not os.path.islink(os.path.join(cdir, f))]
            config = os.path.join(cdir, found[0]) if found else None
    return os.path.join(src, real[0]), config


def _python_files():
    pkg = os.path.join(HERE, NAME)
    for name in sorted(os.listdir(pkg)):
        if (name.endswith((".py", ".pyi")) or name == "py.typed") and name != "_version.py":
            yield os.path.join(pkg, name), f"{NAME}/{name}"


def _dist_info():
    return f"{NAME}-{_version()}.dist-info"


def _write_dist_info(directory):
    d = os.path.join(directory, _dist_info())
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "METADATA"), "w", encoding="utf-8") as f:
        f.write(_metadata())
    with open(os.path.join(d, "WHEEL"), "w", encoding="utf-8") as f:
        f.write(f"Wheel-Version: 1.0\nGenerator: dsnet-backend\nRoot-Is-Purelib: false\nTag: {_tag()}\n")
    with open(os.path.join(d, "top_level.txt"), "w", encoding="utf-8") as f:
        f.write(NAME + "\n")
    return d


# ---- PEP 517 hooks -------------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    _write_dist_info(metadata_directory)
    return _dist_info()


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    with tempfile.TemporaryDirectory() as tmp:
        lib, config = _build_library(tmp)
        ver = os.path.join(tmp, "_version.py")
        with open(ver, "w", encoding="utf-8") as f:
            f.write(f'version = "{_version()}"\n')
        files = list(_python_files()) + [(lib, f"{NAME}/_lib/libdsnet.so"), (ver, f"{NAME}/_version.py")]
        if config:  # built only where libyaml is: Plan.from_config says so when it is missing
            files.append((config, f"{NAME}/_lib/libdsnet_config.so"))
        info = _write_dist_info(os.path.join(tmp, "meta"))
        for name in ("METADATA", "WHEEL", "top_level.txt"):
            files.append((os.path.join(info, name), f"{_dist_info()}/{name}"))
        wheel_name = f"{NAME}-{_version()}-{_tag()}.whl"
        path = os.path.join(wheel_directory, wheel_name)
        record = io.StringIO()
        writer = csv.writer(record, lineterminator="\n")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for src, arc in files:
                with open(src, "rb") as f:
                    data = f.read()
                info_z = zipfile.ZipInfo(arc, date_time=(2020, 1, 1, 0, 0, 0))
                info_z.external_attr = (0o755 if arc.endswith(".so") else 0o644) << 16
                info_z.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info_z, data)
                digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                writer.writerow([arc, f"sha256={digest}", len(data)])
            writer.writerow([f"{_dist_info()}/RECORD", "", ""])
            zf.writestr(f"{_dist_info()}/RECORD", record.getvalue())
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    base = f"{NAME}-{_version()}"
    path = os.path.join(sdist_directory, base + ".tar.gz")
    csrc = _csource()
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as tf:
        for name in ("pyproject.toml", "README.md", "_build_backend", NAME):
            tf.add(os.path.join(HERE, name), arcname=f"{base}/{name}",
                   filter=lambda t: None if "__pycache__" in t.name else t)
        for part in C_PARTS:
            tf.add(os.path.join(csrc, part), arcname=f"{base}/csrc/{part}")
        pkg_info = _metadata().encode()
        ti = tarfile.TarInfo(f"{base}/PKG-INFO")
        ti.size = len(pkg_info)
        tf.addfile(ti, io.BytesIO(pkg_info))
    return os.path.basename(path)
