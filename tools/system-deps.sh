#!/usr/bin/env bash
# Installs the system packages CSM Desk's window and document checks need, when they are
# missing and this is a Debian-like system we may install on. Prints what it does; never fails
# the build on a system it does not know (the tests then say what is missing).
set -euo pipefail

packages=(
  # Qt's xcb platform plugin and its friends (the window, and Xvfb screenshots)
  libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libx11-xcb1
  xvfb xauth
  # Document checks: DOCX -> PDF -> PNG
  libreoffice-writer-nogui poppler-utils
  # Fonts for charts, documents and the window (Carlito and Caladea stand in for the Word
  # documents' Calibri and Cambria, with the same metrics, so pages break as they do in Word)
  fonts-dejavu-core fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea
  # The desktop entry and AppStream checks, and `make install-desktop`
  desktop-file-utils appstream xdg-utils shared-mime-info
  # The wheel-install check makes a clean virtual environment (Debian's Python needs this)
  python3-venv
)

# `--benchmarks`: also LibreOffice Calc, which `make benchmarks` times opening the portfolio
# beside the window's start (not needed by the tests).
if [ "${1:-}" = "--benchmarks" ]; then
  packages+=(libreoffice-calc-nogui)
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: not a Debian-like system; install Qt's xcb libraries, Xvfb, LibreOffice and poppler yourself" >&2
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "system-deps: missing ${missing[*]}; install them as root" >&2
    exit 0
  fi
fi
echo "system-deps: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
