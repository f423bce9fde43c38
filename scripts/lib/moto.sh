# shellcheck shell=bash
# Shared by scripts/demo.sh, scripts/test.sh, scripts/bench.sh and scripts/bench_kill.sh:
# install and start moto (the AWS emulator) on loopback. Source it; it defines functions only.

# Pinned: costbrake's tests and demo assert on this version's behaviour.
MOTO_SPEC="moto[server]==5.2.1"

# Installs moto[server] with pip unless it is already importable or on PATH.
ensure_moto() {
    if ! command -v moto_server >/dev/null 2>&1 && ! python3 -c 'import moto.server, flask' >/dev/null 2>&1; then
        echo "installing $MOTO_SPEC with pip" >&2
        python3 -m pip install --quiet --disable-pip-version-check "$MOTO_SPEC"
        if command -v pyenv >/dev/null 2>&1; then pyenv rehash || true; fi
    fi
}

# Pinned: scripts/gen_cur.py writes CUR 2.0 Parquet with it (tests, demo, benchmark).
PYARROW_SPEC="pyarrow==26.0.1"

# Installs pyarrow with pip unless it is already importable.
ensure_pyarrow() {
    if ! python3 -c 'import pyarrow.parquet' >/dev/null 2>&1; then
        echo "installing $PYARROW_SPEC with pip" >&2
        python3 -m pip install --quiet --disable-pip-version-check "$PYARROW_SPEC"
    fi
}

# A TCP port on 127.0.0.1 that is free right now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_moto LOGFILE: starts moto on a free loopback port, waits until it listens, and sets
# MOTO_PID and MOTO_ENDPOINT. The caller must trap stop_moto. moto runs through scripts/moto_server.py
# (moto with the fixes it needs to answer as AWS does); with MOTO_TAG_INDEX=1 (the benchmarks'
# --moto-tag-index) through scripts/moto_tag_index.py, which adds an EC2 tag lookup by resource id.
start_moto() {
    local log="$1" port
    port="$(free_port)"
    if [ "${MOTO_TAG_INDEX:-0}" = 1 ]; then
        python3 "$(dirname "${BASH_SOURCE[0]}")/../moto_tag_index.py" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
    else
        python3 "$(dirname "${BASH_SOURCE[0]}")/../moto_server.py" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
    fi
    MOTO_PID=$!
    MOTO_ENDPOINT="http://127.0.0.1:$port"
    for _ in $(seq 1 300); do
        if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$MOTO_PID" 2>/dev/null; then
            echo "moto exited early; its log:" >&2
            cat "$log" >&2
            return 1
        fi
        sleep 0.1
    done
    echo "moto did not start listening on $MOTO_ENDPOINT within 30 s" >&2
    return 1
}

stop_moto() {
    if [ -n "${MOTO_PID:-}" ] && kill -0 "$MOTO_PID" 2>/dev/null; then
        kill "$MOTO_PID" 2>/dev/null || true
        wait "$MOTO_PID" 2>/dev/null || true
    fi
}
