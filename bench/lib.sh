# Shared by bench/run.sh and bench/reports.sh (sourced, after bench_dll is set): a temporary folder, the processes
# started into it stopped on exit (newest first: hosts and peers before the redis-server they use), free loopback
# ports, and a private redis-server without persistence.

work=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-$1.XXXXXX")
pids=()
cleanup() {
  local status=$?
  local pid
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[$i]}
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { dotnet "$bench_dll" --free-port; }

# Starts redis-server on a free port in $work; sets redis_port and redis_pid.
start_redis() {
  redis_port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$work" \
    --protected-mode yes --loglevel warning >"$work/redis.log" 2>&1 &
  redis_pid=$!
  pids+=("$redis_pid")
}
