# Shared helpers of bin/streamer: paths, logging, building modules, and managing the processes it starts.
# Sourced, never run. Every process it starts is recorded in $STREAMER_RUN/NAME.pid and stopped only by that PID.

STREAMER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STREAMER_HOME="${STREAMER_HOME:-$STREAMER_ROOT/.streamer}"
STREAMER_LOGS="$STREAMER_HOME/logs"
STREAMER_RUN="$STREAMER_HOME/run"
mkdir -p "$STREAMER_LOGS" "$STREAMER_RUN"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi
MVN=(mvn -B -q)

info() { echo "streamer: $*"; }
warn() { echo "streamer: warning: $*" >&2; }
die() { echo "streamer: error: $*" >&2; exit 1; }

# newer_than FILE DIR...: true when any file under the DIRs (sources, poms) is newer than FILE, or FILE is missing.
newer_than() {
  local target="$1"; shift
  [[ -e "$target" ]] || return 0
  local d
  for d in "$@"; do
    [[ -e "$d" ]] || continue
    if [[ -n "$(find "$d" \( -path '*/target' -o -path '*/node_modules' \) -prune -o -type f -newer "$target" -print -quit 2>/dev/null)" ]]; then
      return 0
    fi
  done
  return 1
}

# module_jar MODULE_DIR: the module's main jar (not sources/tests/shaded originals).
module_jar() {
  local dir="$STREAMER_ROOT/$1/target"
  ls "$dir"/*.jar 2>/dev/null | grep -vE -- '-(sources|tests|javadoc)\.jar$|/original-' | head -n 1
}

# ensure_built MODULE_DIR: builds the module (and what it depends on) when its jar is missing or older than
# the sources of the module, contract/ or the root pom.
ensure_built() {
  local module="$1" jar
  jar="$(module_jar "$module")"
  if [[ -z "$jar" ]] || newer_than "$jar" "$STREAMER_ROOT/$module" "$STREAMER_ROOT/contract" "$STREAMER_ROOT/pom.xml"; then
    info "building $module (log: $STREAMER_LOGS/build-$module.log)" >&2
    (cd "$STREAMER_ROOT" && "${MVN[@]}" -pl "$module" -am install -DskipTests) >"$STREAMER_LOGS/build-${module//\//-}.log" 2>&1 \
      || die "build of $module failed; see $STREAMER_LOGS/build-${module//\//-}.log"
    # Maven leaves an unchanged jar's time alone; mark it fresh so the next run does not build again.
    jar="$(module_jar "$module")"
    [[ -n "$jar" ]] && touch "$jar"
  fi
}

# pom_classpath POM_DIR: runtime classpath of the dependencies of the pom in POM_DIR (cached next to it in target/).
pom_classpath() {
  local dir="$STREAMER_ROOT/$1" out
  out="$dir/target/classpath.txt"
  if newer_than "$out" "$dir/pom.xml" "$STREAMER_ROOT/pom.xml"; then
    mkdir -p "$dir/target"
    (cd "$dir" && "${MVN[@]}" dependency:build-classpath -Dmdep.outputFile="$out" -Dmdep.includeScope=runtime) \
      >"$STREAMER_LOGS/classpath-${1//\//-}.log" 2>&1 \
      || die "could not resolve the classpath of $1; see $STREAMER_LOGS/classpath-${1//\//-}.log"
  fi
  cat "$out"
}

# module_classpath MODULE_DIR: the module's jar plus its runtime dependencies, building it first if needed.
module_classpath() {
  ensure_built "$1"
  echo "$(module_jar "$1"):$(pom_classpath "$1")"
}

pid_file() { echo "$STREAMER_RUN/$1.pid"; }

# part_pid NAME: the recorded PID if that process still runs and is the one we started (its command line
# carries -Dstreamer.part=NAME, or the marker recorded beside the PID), else nothing.
part_pid() {
  local f pid marker
  f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 0
  read -r pid marker < "$f" || true
  [[ -n "$pid" ]] || return 0
  marker="${marker:-streamer.part=$1}"
  if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$marker"; then
    echo "$pid"
  fi
}

is_running() { [[ -n "$(part_pid "$1")" ]]; }

# start_part NAME LOGFILE MARKER CMD...: runs CMD detached (own session), output to LOGFILE; records PID + MARKER.
start_part() {
  local name="$1" log="$2" marker="$3"; shift 3
  # A restarted part (by the supervisor, a chaos fault, down/up) keeps its two previous logs: LOG.1, LOG.2
  [[ -f "$log.1" ]] && mv -f "$log.1" "$log.2"
  [[ -s "$log" ]] && mv -f "$log" "$log.1"
  : >"$log"
  # fd 9 is the Flink job's lock (flink.sh): a part must not inherit it, or it would hold the lock for its life
  setsid nohup "$@" >>"$log" 2>&1 < /dev/null 9>&- &
  local pid=$! i
  echo "$pid $marker" > "$(pid_file "$name")"
  # Until the child has exec'd CMD its command line is this script's, and is_running would call it gone: wait for
  # the exec (on a loaded machine it can take a while), or for the child to end.
  for ((i = 0; i < 200; i++)); do
    [[ -s "/proc/$pid/cmdline" ]] || break
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$marker" && break
    sleep 0.05
  done
}

# stop_part NAME [TIMEOUT_SECONDS]: TERM, wait, then KILL; only the recorded process.
stop_part() {
  local name="$1" timeout="${2:-30}" pid i
  pid="$(part_pid "$name")"
  if [[ -z "$pid" ]]; then
    rm -f "$(pid_file "$name")"
    info "$name is not running"
    return 0
  fi
  # the PID file goes first: a part without one was stopped on purpose, and the supervisor leaves it alone
  rm -f "$(pid_file "$name")"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$name (pid $pid) did not stop in ${timeout}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  info "stopped $name (pid $pid)"
}

# require_jq: bin/streamer reads Flink's REST answers with jq (Debian package jq), installed here when run as root.
require_jq() {
  command -v jq >/dev/null && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    info "jq is not installed; installing the Debian package jq" >&2
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends jq; } \
      >"$STREAMER_LOGS/jq-install.log" 2>&1 || die "installing jq failed; see $STREAMER_LOGS/jq-install.log"
  else
    die "jq is needed to read Flink's REST API. Install it with: sudo apt-get install -y jq"
  fi
}

# kill_part NAME: KILL at once (a process whose state is lost anyway); only the recorded process.
kill_part() {
  local name="$1" pid i
  pid="$(part_pid "$name")"
  rm -f "$(pid_file "$name")"
  [[ -n "$pid" ]] || return 0
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  info "killed $name (pid $pid)"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_for TIMEOUT_SECONDS DESCRIPTION NAME LOGFILE CMD...: polls CMD until it succeeds; fails naming the part and
# its log when the time is up or the part's process died.
wait_for() {
  local timeout="$1" what="$2" name="$3" log="$4"; shift 4
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    # A part still on its way through setsid and nohup has, during each exec, an instant in which its command line
    # reads empty (the kernel has switched its memory but not set up its arguments yet): look again before calling
    # it dead (seen in CI: a private MariaDB that started fine was reported as exited).
    if [[ -n "$name" ]] && ! is_running "$name" && ! { sleep 1 && is_running "$name"; } && ! "$@" >/dev/null 2>&1; then
      tail -n 20 "$log" >&2 2>/dev/null || true
      die "$name exited while waiting for $what; see $log"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$log" >&2 2>/dev/null || true
      die "timed out after ${timeout}s waiting for $what; see $log"
    fi
    sleep 0.5
  done
}

# require_free_port PORT WHAT: fails when something else listens there.
require_free_port() {
  if port_open 127.0.0.1 "$1"; then
    die "port $1 ($2) is already in use by another process; set the matching STREAMER_*_PORT to move it"
  fi
}

# infra_cli ARGS...: the Java half of the infrastructure commands (topics, migrations), quiet unless something fails.
infra_cli() {
  "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$STREAMER_ROOT/bin/lib/log4j2-cli.properties" -cp "$(module_classpath infra)" dev.streamer.infra.InfraCli "$@"
}

# ensure_jwt_keys: the RSA key pair edge-api signs tokens with and live-push verifies them with, generated once per
# machine under .streamer/keys (never committed). Prints nothing when the keys exist.
JWT_PRIVATE_KEY="${STREAMER_JWT_PRIVATE_KEY:-$STREAMER_HOME/keys/jwt-private.pem}"
JWT_PUBLIC_KEY="${STREAMER_JWT_PUBLIC_KEY:-$STREAMER_HOME/keys/jwt-public.pem}"
ensure_jwt_keys() {
  [[ -s "$JWT_PRIVATE_KEY" && -s "$JWT_PUBLIC_KEY" ]] && return 0
  command -v openssl >/dev/null || die "openssl is needed to generate the JWT keys (apt-get install openssl)"
  mkdir -p "$(dirname "$JWT_PRIVATE_KEY")" "$(dirname "$JWT_PUBLIC_KEY")"
  (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$JWT_PRIVATE_KEY" 2>/dev/null) \
    || die "could not generate $JWT_PRIVATE_KEY"
  openssl pkey -in "$JWT_PRIVATE_KEY" -pubout -out "$JWT_PUBLIC_KEY" 2>/dev/null || die "could not write $JWT_PUBLIC_KEY"
  info "generated JWT signing keys in $(dirname "$JWT_PRIVATE_KEY")"
}
