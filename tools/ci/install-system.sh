#!/usr/bin/env bash
# System packages the test suite uses, from Debian's archive. Idempotent: each
# package is installed only when missing, so a second run does nothing and
# needs no network. Run as root (CI and the developer machines are root).
# One section per need: add yours below, do not replace the others.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
_apt_updated=0

# apt_install PACKAGE... : install the packages that are not installed yet.
apt_install() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$_apt_updated" -eq 0 ]; then
        apt-get -o DPkg::Lock::Timeout=600 update -q
        _apt_updated=1
    fi
    apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
}

# --- Virtuoso Open Source 7: the remote SPARQL store the store tests run
# against (tests/conftest_virtuoso.py starts a private instance on loopback).
# The package's own service may fail to start in a container; that is fine.
apt_install virtuoso-opensource-7 || {
    # The postinst tries to start the system service; when only that failed,
    # the binaries are there and the tests run their own instance.
    command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null || exit 1
}

# --- Graphviz: kg export --format png|svg draws with sfdp/neato (kg/export/images.py);
# tests/test_export_analyst.py also counts DOT output with Graphviz's gc.
# --- Chromium: tests/test_export_analyst.py (the HTML export) and tests/test_server_ui.py
# (kg serve's web UI) open pages in headless
# Chromium through Playwright (executable_path=/usr/bin/chromium: test tools
# cannot download browsers here). fonts-dejavu-core: labels in both.
apt_install graphviz chromium fonts-dejavu-core
