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

# A fresh venv at $1 with the pip requirements that follow (Debian ships venv in python3-venv).
make_venv() {
  local venv="$1"; shift
  command -v python3 >/dev/null || ensure_packages python3
  mkdir -p "$(dirname "$venv")"
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    rm -rf "$venv"
    ensure_packages python3-venv
    python3 -m venv "$venv"
  fi
  echo "installing $* into $venv (pip)" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@"
}

# The Python peer of the real-boundary benchmark (tools/peer/): shapely 2, pandas and pyproj from
# PyPI in a venv of its own under .build/peer-venv, made only when missing or incomplete. Sets
# PEER_PYTHON to the venv's interpreter. shapely's and pyproj's wheels bundle GEOS and PROJ (newer
# than Debian's), so the peer never touches the system libraries the Swift build links.
PEER_VENV=".build/peer-venv"
PEER_REQUIREMENTS=("shapely>=2.0,<3" "pandas>=2.0" "pyproj>=3.6")

ensure_peer_venv() {
  PEER_PYTHON="$PEER_VENV/bin/python"
  if [ -x "$PEER_PYTHON" ] && "$PEER_PYTHON" -c 'import shapely, pandas, pyproj; assert shapely.__version__ >= "2"' 2>/dev/null; then
    return 0
  fi
  make_venv "$PEER_VENV" "${PEER_REQUIREMENTS[@]}"
}

# schemathesis (tools/check-fuzz) from PyPI in a venv of its own under .build/fuzz-venv, made only
# when missing or broken; pinned to its major version, whose command line the script is written
# for. Sets FUZZ_VENV.
FUZZ_VENV=".build/fuzz-venv"
FUZZ_REQUIREMENTS=("schemathesis>=4.0,<5")

ensure_fuzz_venv() {
  if [ -x "$FUZZ_VENV/bin/schemathesis" ] && "$FUZZ_VENV/bin/schemathesis" --version >/dev/null 2>&1; then
    return 0
  fi
  make_venv "$FUZZ_VENV" "${FUZZ_REQUIREMENTS[@]}"
}
