#!/usr/bin/env bash
# One script behind the README's two commands.
#
#   scripts/setup.sh demo   set everything up, then run `voicehist demo` on the bundled sample
#   scripts/setup.sh test   set everything up (with test tools), then run the test suite
#   scripts/setup.sh env    set everything up and stop
#
# It installs what is missing (system packages via apt when run as root, or via sudo when that works
# without a password; otherwise it says exactly what to install), creates .venv, installs PyTorch's CPU
# build before anything that needs torch, then voicehist itself. A second run with nothing to do takes
# about a second: it skips each step whose result is already there.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
MODE=${1:-env}
shift || true
VENV=${VOICEHIST_VENV:-$ROOT/.venv}
TORCH_SPEC=${VOICEHIST_TORCH:-torch==2.13.0}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

case "$MODE" in
  demo|test|env) ;;
  *) die "usage: scripts/setup.sh [demo|test|env] [args for the demo or pytest]" ;;
esac

# --- system packages -------------------------------------------------------------------------------
# libasound2-dev: simpleaudio compiles against ALSA.  tmux: the terminal smoke test.  librsvg2-bin:
# rsvg-convert turns the screenshots' SVG into PNG.  python3-venv: the virtual environment.
# espeak-ng: speech for test fixtures made at test time.  libpango*, libharfbuzz-subset0: WeasyPrint prints the
# report as PDF.  poppler-utils: pdftoppm renders the report's page for the README screenshot.
pkgs=(libasound2-dev gcc python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
[ "$MODE" = test ] && pkgs+=(tmux librsvg2-bin espeak-ng poppler-utils)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # python3-venv only matters for Debian's own python; a pyenv/python.org python has venv built in
  if [ ${#missing[@]} -gt 0 ] && python3 -c 'import ensurepip' >/dev/null 2>&1; then
    missing=("${missing[@]/python3-venv}")
    read -r -a missing <<<"${missing[*]}"
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    say "installing system packages with sudo: ${missing[*]}"
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "these system packages are missing: ${missing[*]}
  install them once, then run this again:   sudo apt-get install ${missing[*]}"
  fi
fi

# --- python and the virtual environment ------------------------------------------------------------
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for cand in python3.13 python3.12 python3.11 python3; do
    if "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
      PY=$cand; break
    fi
  done
fi
[ -n "$PY" ] || die "voicehist needs Python 3.11 or newer; none was found on PATH"
if [ ! -x "$VENV/bin/python" ]; then
  say "creating the virtual environment in $VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
fi
VPY="$VENV/bin/python"

# torch first, from its CPU build, so nothing below pulls a multi-GB CUDA build
if ! "$VPY" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("torch") is None)' >/dev/null 2>&1; then
  say "installing PyTorch ($TORCH_SPEC, CPU build)"
  "$VPY" -m pip install -q "$TORCH_SPEC"
fi

extras=""
[ "$MODE" = test ] && extras="[dev]"
stamp="$VENV/.voicehist-installed"
have=$(cat "$stamp" 2>/dev/null || true)
hash=$(sha256sum pyproject.toml | cut -c1-16)
# a test install (with [dev]) also serves the demo
if [ "$have" != "$hash[dev]" ] && [ "$have" != "$hash$extras" ]; then
  say "installing voicehist and its dependencies"
  "$VPY" -m pip install -q -e ".$extras"
  echo "$hash$extras" >"$stamp"
fi

case "$MODE" in
  env) say "ready: activate with   . $VENV/bin/activate" ;;
  demo) exec "$VENV/bin/voicehist" demo "$@" ;;
  test) exec "$VPY" -m pytest -q "$@" ;;
esac
