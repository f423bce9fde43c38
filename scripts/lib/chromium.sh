# shellcheck shell=bash
# Shared by scripts/test.sh: install the browser the HTML report is checked in. Source it; it defines
# functions only.

# Installs Debian's `chromium` with apt-get unless a Chromium is already on PATH (or CHROMIUM names one).
# tests/cli/report_html.rs opens the report's HTML page in it (scripts/browser_check.py).
ensure_chromium() {
    if [ -n "${CHROMIUM:-}" ] && command -v "$CHROMIUM" >/dev/null 2>&1; then
        return 0
    fi
    local candidate
    for candidate in chromium chromium-browser google-chrome; do
        if command -v "$candidate" >/dev/null 2>&1; then
            return 0
        fi
    done
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "chromium is missing and this is not a Debian-like system: install Chromium and set CHROMIUM=/path/to/chromium" >&2
        return 1
    fi
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "chromium is missing and installing it needs root: run 'apt-get install chromium' as root" >&2
            return 1
        fi
        sudo=(sudo)
    fi
    echo "installing Debian's chromium with apt-get (the HTML report is checked in it)" >&2
    "${sudo[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
}
