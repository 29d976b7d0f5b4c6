#!/usr/bin/env bash
# The two quickstart commands (see README):
#   ./dev.sh book   install the book toolchain into .venv and build the book into _build/html
#   ./dev.sh test   install everything the tests need (pip extras; Debian chromium,
#                   bubblewrap and poppler-utils) and run the whole test suite
# Set COURSEKIT_VENV to use another virtual environment folder, and COURSEKIT_NO_INSTALL=1 to use
# it as it is (no pip: offline, or a test that runs the publishing workflow's steps).
set -euo pipefail
cd "$(dirname "$0")"
venv="${COURSEKIT_VENV:-.venv}"
py="$venv/bin/python"

ensure_venv() {
  if [ "${COURSEKIT_NO_INSTALL:-}" = 1 ] && [ -x "$py" ]; then
    return 0
  fi
  if [ ! -x "$py" ]; then
    python3 -m venv "$venv"
  fi
  "$py" -m pip install -q --upgrade pip
  "$py" -m pip install -q -c constraints.txt -e ".[$1]"
}

ensure_debian_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v bwrap >/dev/null || missing+=(bubblewrap)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)  # reads the PDF edition in tests
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

case "${1:-}" in
  book)
    ensure_venv book
    "$venv/bin/coursekit" build
    ;;
  test)
    ensure_debian_packages
    ensure_venv "book,grade,learn,test"
    shift
    echo "Lint (ruff) and types (mypy), then the test suite (pytest)"
    "$venv/bin/ruff" check src tests benchmarks tools hatch_build.py
    "$venv/bin/mypy"
    "$py" -m pytest "$@"
    ;;
  *)
    echo "usage: ./dev.sh book | ./dev.sh test [pytest args]" >&2
    exit 2
    ;;
esac
