# Shared by the tools/ scripts: install what is missing, then find the built binaries.
# Sourced, not run.

# Debian packages the build needs: GEOS and PROJ C libraries (with headers and pkg-config files)
# and SQLite. Installed only when missing, so a second run touches nothing.
REQUIRED_PACKAGES=(libgeos-dev libproj-dev proj-data libsqlite3-dev pkg-config)

ensure_packages() {
  local missing=()
  for p in "${REQUIRED_PACKAGES[@]}" "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! command -v swift >/dev/null 2>&1; then
    echo "swift is not on PATH: install the Swift 6 toolchain (swift.org) first" >&2
    exit 1
  fi
}
