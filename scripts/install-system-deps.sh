#!/usr/bin/env bash
# Installs the Debian tools the media pipeline and its tests use, only those missing (idempotent).
# ffmpeg: voice-note transcoding; tesseract: OCR; pocketsphinx: offline speech recognition;
# espeak-ng, ImageMagick and exiftool: the tests make real voice notes and photos with them;
# chromium: the browser tests (Playwright) and `make demo` drive the simulator and dashboard in it.
set -euo pipefail

missing=()
need() { # need <package...> when the check before it failed
  missing+=("$@")
}
command -v ffmpeg >/dev/null 2>&1 || need ffmpeg
command -v tesseract >/dev/null 2>&1 && [ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata 2>/dev/null)" ] || need tesseract-ocr tesseract-ocr-eng
command -v pocketsphinx_continuous >/dev/null 2>&1 || need pocketsphinx
[ -d /usr/share/pocketsphinx/model/en-us ] || need pocketsphinx-en-us
command -v espeak-ng >/dev/null 2>&1 || need espeak-ng
# A fresh machine may carry a stand-in `convert`; the real one comes with the imagemagick package.
dpkg -s imagemagick >/dev/null 2>&1 || need imagemagick
command -v exiftool >/dev/null 2>&1 || need libimage-exiftool-perl
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || need fonts-dejavu-core
command -v chromium >/dev/null 2>&1 || need chromium
# Replies carry emoji: without a colour emoji font the browser (and the demo's screenshots) shows boxes.
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need fonts-noto-color-emoji

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
