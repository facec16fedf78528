#!/usr/bin/env bash
# One script behind the README's two commands.
#
#   scripts/setup.sh demo   set everything up, then run `voicehist demo` on the bundled sample
#   scripts/setup.sh test   set everything up (with test tools), run the checks (ruff, mypy, import contracts),
#                           then the test suite
#   scripts/setup.sh env    set everything up and stop
#
# It installs what is missing (system packages via apt when run as root, or via sudo when that works
# without a password; otherwise it prints the one command to run, for Debian/Ubuntu, Fedora or macOS),
# creates .venv, installs PyTorch's CPU build before anything that needs torch, then voicehist itself.
# A second run with nothing to do takes well under a second: it skips each step whose result is there.
#
# Environment:
#   VOICEHIST_VENV=DIR     where the virtual environment goes (default: .venv in the repository)
#   VOICEHIST_TORCH=SPEC   the torch requirement to install instead of the pinned CPU build; the word
#                          `cuda` installs the default (CUDA) build and the GPU kernel compiler (triton)
#                          for a machine with an NVIDIA GPU
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
MODE=${1:-env}
shift || true
VENV=${VOICEHIST_VENV:-$ROOT/.venv}
TORCH_VERSION=2.13.0
TORCH_SPEC=${VOICEHIST_TORCH:-torch==$TORCH_VERSION}
TORCH_CPU_INDEX=https://download.pytorch.org/whl/cpu
# openai-whisper (and whisper-timestamped, which needs it) declare triton, a 1 GB GPU kernel compiler, on
# every Linux x86_64 machine. voicehist never uses it on a CPU: both are installed without their declared
# dependencies, and their real run-time dependencies come from voicehist's `timestamped` extra.
WHISPER_PKGS=(openai-whisper==20250625 whisper-timestamped==1.15.9)
# The voices' speaker encoder: resemblyzer's wheel ships the GE2E weights (Apache-2.0) that voicehist reads and runs
# in numpy; it declares torch, librosa and webrtcvad, none of which voicehist uses, so it is installed without them.
VOICE_PKGS=(resemblyzer==0.1.4)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

case "$MODE" in
  demo|test|env) ;;
  *) die "usage: scripts/setup.sh [demo|test|env] [args for the demo or pytest]" ;;
esac

# --- system packages -------------------------------------------------------------------------------
# libasound2-dev + gcc: simpleaudio compiles against ALSA.  python3-venv: the virtual environment.
# libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0: WeasyPrint draws the PDF report with Pango.
# For the tests: tmux (terminal smoke test), librsvg2-bin (rsvg-convert: screenshots' SVG to PNG),
# espeak-ng (speech for fixtures made at test time), poppler-utils (pdftoppm: the report's PNG).
deb_pkgs=(libasound2-dev gcc python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
fedora_pkgs=(alsa-lib-devel gcc python3-devel pango)
brew_pkgs=(pango)
if [ "$MODE" = test ]; then
  deb_pkgs+=(tmux librsvg2-bin espeak-ng poppler-utils)
  fedora_pkgs+=(tmux librsvg2-tools espeak-ng poppler-utils)
  brew_pkgs+=(tmux librsvg espeak-ng poppler)
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${deb_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # python3-venv only matters for Debian's own python; a pyenv/python.org python has venv built in
  if [ ${#missing[@]} -gt 0 ] && python3 -c 'import ensurepip' >/dev/null 2>&1; then
    missing=("${missing[@]/python3-venv}")
    read -r -a missing <<<"${missing[*]}"
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
elif command -v rpm >/dev/null 2>&1 && command -v dnf >/dev/null 2>&1; then
  for p in "${fedora_pkgs[@]}"; do rpm -q "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      say "installing system packages: ${missing[*]}"
      dnf install -y -q "${missing[@]}" >/dev/null
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      say "installing system packages with sudo: ${missing[*]}"
      sudo -n dnf install -y -q "${missing[@]}" >/dev/null
    else
      die "these system packages are missing: ${missing[*]}
  install them once, then run this again:   sudo dnf install ${missing[*]}"
    fi
  fi
elif [ "$(uname -s)" = Darwin ]; then
  if command -v brew >/dev/null 2>&1; then
    for p in "${brew_pkgs[@]}"; do brew list --versions "$p" >/dev/null 2>&1 || missing+=("$p"); done
  else
    missing=("${brew_pkgs[@]}")
  fi
  [ ${#missing[@]} -eq 0 ] || die "these packages are missing: ${missing[*]}
  install them once with Homebrew, then run this again:   brew install ${missing[*]}"
else
  say "unknown system: make sure ALSA headers (or your OS's audio headers), a C compiler and Pango are installed"
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
pipi() { "$VPY" -m pip install -q "$@"; }

has_gpu() { command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; }

# torch first, so that nothing below pulls a multi-GB CUDA build. torch is only needed by the
# whisper-timestamped engine; the default engine (faster-whisper) runs without it.
if ! "$VPY" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("torch") is None)' >/dev/null 2>&1; then
  if [ "$TORCH_SPEC" = cuda ]; then
    say "installing PyTorch's default build (CUDA) and triton, as VOICEHIST_TORCH=cuda asks"
    pipi "torch==$TORCH_VERSION" triton
  elif [ -n "${VOICEHIST_TORCH:-}" ]; then
    say "installing PyTorch as VOICEHIST_TORCH asks: $TORCH_SPEC"
    # shellcheck disable=SC2086 # a spec may carry pip options, e.g. "torch==2.13.0 --index-url URL"
    pipi $TORCH_SPEC
  elif "$VPY" - "$TORCH_CPU_INDEX" <<'EOF' >/dev/null 2>&1
import sys, urllib.request
urllib.request.urlopen(sys.argv[1] + "/torch/", timeout=5).close()
EOF
  then
    say "installing PyTorch $TORCH_VERSION, CPU build, from PyTorch's own CPU wheel index"
    pipi --retries 0 --timeout 30 --index-url "$TORCH_CPU_INDEX" "torch==$TORCH_VERSION" \
      || { say "PyTorch's CPU index failed; trying the default package index"; pipi "torch==$TORCH_VERSION"; }
  else
    say "PyTorch's CPU wheel index is not reachable; installing torch==$TORCH_VERSION from the default index"
    pipi "torch==$TORCH_VERSION"
  fi
  build=$("$VPY" -c 'import torch; print("CUDA " + torch.version.cuda if torch.version.cuda else "CPU")' 2>/dev/null || echo "?")
  say "installed PyTorch: $build build"
  if [ "$build" != CPU ] && [ "$TORCH_SPEC" != cuda ] && ! has_gpu; then
    say "warning: this is not PyTorch's CPU build, and this machine has no NVIDIA GPU; to save several GB:"
    say "  rm -r $VENV && VOICEHIST_TORCH='torch==$TORCH_VERSION --index-url $TORCH_CPU_INDEX' $0 $MODE"
  fi
fi

extras="[timestamped]"
[ "$MODE" = test ] && extras="[timestamped,dev]"
stamp="$VENV/.voicehist-installed"
have=$(cat "$stamp" 2>/dev/null || true)
hash=$( (cat pyproject.toml; printf '%s\n' "${WHISPER_PKGS[@]}" "${VOICE_PKGS[@]}") | sha256sum | cut -c1-16)
# a test install (with [dev]) also serves the demo
if [ "$have" != "$hash[timestamped,dev]" ] && [ "$have" != "$hash$extras" ]; then
  say "installing voicehist and its dependencies"
  pipi -e ".$extras"
  if [ "$TORCH_SPEC" = cuda ] || has_gpu; then
    pipi "${WHISPER_PKGS[@]}"
  else
    # without their declared dependencies: no triton (see WHISPER_PKGS above)
    pipi --no-deps "${WHISPER_PKGS[@]}"
  fi
  pipi --no-deps "${VOICE_PKGS[@]}"
  echo "$hash$extras" >"$stamp"
fi

case "$MODE" in
  env) say "ready: activate with   . $VENV/bin/activate" ;;
  demo) exec "$VENV/bin/voicehist" demo "$@" ;;
  test)
    # The checks the README promises, each failing the run, then the tests. VOICEHIST_CHECKS=0 skips the checks
    # (for a quick run of a few tests while working).
    if [ "${VOICEHIST_CHECKS:-1}" != 0 ]; then
      say "checks: ruff, ruff format, mypy (package and tests), import contracts"
      "$VENV/bin/ruff" check --quiet voicehist tests bench scripts || die "ruff found problems (above)"
      "$VENV/bin/ruff" format --check --quiet voicehist tests bench scripts || die "ruff format: files above need formatting (run: $VENV/bin/ruff format voicehist tests bench scripts)"
      "$VENV/bin/mypy" || die "mypy found type errors (above)"
      contracts=$("$VENV/bin/lint-imports" --no-cache 2>&1) || {
        printf '%s\n' "$contracts" | sed -n '/Broken contracts/,$p' >&2
        die "an import breaks a layer contract (above; the contracts are in pyproject.toml)"
      }
    fi
    exec "$VPY" -m pytest -q "$@" ;;
esac
