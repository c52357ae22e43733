#!/usr/bin/env bash
# Set up a fresh machine: Debian packages (fonts, poppler, harfbuzz subset; PostgreSQL for the store tests,
# which start their own server; Chromium for the web app's browser tests, driven by Playwright with
# executable_path: no browser is downloaded), then .venv with juesuan.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
# fonts: WenQuanYi Micro Hei renders every character (黑体-like); AR PL UMing / UKai are the free 宋体 / 楷体 the
# composed report's government style falls back to, Liberation Serif has Times New Roman's metrics for digits
# (src/juesuan/compose/fonts.py says why not fonts-noto-cjk: 91 MB); LibreOffice Calc and Writer (headless) open
# the workbook and the composed DOCX in the tests, as users' office programs do
for pkg in fonts-wqy-microhei fonts-arphic-uming fonts-arphic-ukai fonts-liberation2 \
           libharfbuzz-subset0 poppler-utils libpango-1.0-0 libpangoft2-1.0-0 postgresql \
           libreoffice-calc-nogui libreoffice-writer-nogui chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[dev]'
# OCR models and code (they ship inside the wheel: nothing is downloaded at run time). --no-deps: its
# metadata asks for opencv-python (the GUI build, 116 MB of Qt and libGL); pyproject.toml pins the
# headless build and the other packages it imports.
.venv/bin/python -m pip install -q --no-deps 'rapidocr-onnxruntime==1.4.4'
