# bin/streamer db start|stop|status — the database. With STREAMER_DB_URL set, that MySQL/MariaDB is used as is
# (migrations applied, nothing started or stopped). Otherwise a private MariaDB instance runs from the installed
# mariadbd with its own data directory under .streamer/mariadb and its own port (never the machine's own server).

DB_PORT="${STREAMER_DB_PORT:-3307}"
DB_NAME="${STREAMER_DB_NAME:-streamer}"
DB_DIR="$STREAMER_HOME/mariadb"
DB_LOG="$STREAMER_LOGS/mariadb.log"

# db_url / db_user / db_password: what every service connects with.
db_url() { echo "${STREAMER_DB_URL:-jdbc:mysql://127.0.0.1:$DB_PORT/$DB_NAME?sslMode=DISABLED&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true}"; }
db_user() { echo "${STREAMER_DB_USER:-root}"; }
db_password() { echo "${STREAMER_DB_PASSWORD:-}"; }


find_mariadbd() {
  local bin
  bin="$(command -v mariadbd || true)"
  [[ -z "$bin" && -x /usr/sbin/mariadbd ]] && bin=/usr/sbin/mariadbd
  echo "$bin"
}

ensure_mariadb_installed() {
  if [[ -n "$(find_mariadbd)" ]]; then return; fi
  if [[ "$(id -u)" == 0 ]]; then
    info "MariaDB is not installed; installing the Debian package mariadb-server"
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends mariadb-server; } \
      >"$STREAMER_LOGS/mariadb-install.log" 2>&1 || die "installing mariadb-server failed; see $STREAMER_LOGS/mariadb-install.log"
  else
    die "MariaDB is not installed. Install it with: sudo apt-get install -y mariadb-server  (or set STREAMER_DB_URL)"
  fi
}

db_start_private() {
  ensure_mariadb_installed
  local mariadbd install_db run_user
  mariadbd="$(find_mariadbd)"
  run_user="$(id -un)"
  if is_running db; then
    info "private MariaDB already running (pid $(part_pid db)) on 127.0.0.1:$DB_PORT"
  else
    require_free_port "$DB_PORT" "private MariaDB"
    mkdir -p "$DB_DIR"
    if [[ ! -d "$DB_DIR/data/mysql" ]]; then
      install_db="$(command -v mariadb-install-db || command -v mysql_install_db || true)"
      [[ -n "$install_db" ]] || die "mariadb-install-db not found (package mariadb-server)"
      info "initialising a private MariaDB data directory in $DB_DIR/data"
      "$install_db" --no-defaults --datadir="$DB_DIR/data" --user="$run_user" --auth-root-authentication-method=normal \
        --skip-test-db >"$STREAMER_LOGS/mariadb-init.log" 2>&1 || die "mariadb-install-db failed; see $STREAMER_LOGS/mariadb-init.log"
    fi
    info "starting private MariaDB on 127.0.0.1:$DB_PORT (log: $DB_LOG)"
    # the buffer pool is resident once touched: 128 MB holds the whole database of a day of demo load many times
    start_part db "$DB_LOG" "--datadir=$DB_DIR/data" \
      "$mariadbd" --no-defaults --datadir="$DB_DIR/data" --port="$DB_PORT" --bind-address=127.0.0.1 \
      --socket="$DB_DIR/mariadbd.sock" --pid-file="$DB_DIR/mariadbd.pid" --user="$run_user" \
      --log-error="$DB_LOG" --innodb-buffer-pool-size="${STREAMER_DB_BUFFER_POOL:-256M}" --max-connections=200 \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci
    wait_for "${STREAMER_DB_TIMEOUT:-60}" "MariaDB to listen on 127.0.0.1:$DB_PORT" db "$DB_LOG" port_open 127.0.0.1 "$DB_PORT"
  fi
  infra_cli db-migrate --create-database --url "$(db_url)" --user "$(db_user)" --password "$(db_password)" \
    | sed 's/^/streamer:   /' || die "applying migrations failed"
  info "database ready: $(db_url)"
}

db_start() {
  if [[ -n "${STREAMER_DB_URL:-}" ]]; then
    info "using STREAMER_DB_URL ($STREAMER_DB_URL); applying migrations"
    infra_cli db-migrate --url "$(db_url)" --user "$(db_user)" --password "$(db_password)" \
      | sed 's/^/streamer:   /' || die "applying migrations to STREAMER_DB_URL failed"
  else
    db_start_private
  fi
}

db_status() {
  if [[ -n "${STREAMER_DB_URL:-}" ]]; then
    echo "db: external $STREAMER_DB_URL"
  elif is_running db; then
    echo "db: up (pid $(part_pid db)) port=$DB_PORT url=$(db_url)"
  else
    echo "db: down"
    return 3
  fi
  echo "  tables: $(infra_cli db-tables --url "$(db_url)" --user "$(db_user)" --password "$(db_password)")"
}

db_stop() {
  if [[ -n "${STREAMER_DB_URL:-}" ]]; then
    info "STREAMER_DB_URL is an external database; nothing to stop"
  else
    stop_part db 60
  fi
}

db_main() {
  case "${1:-}" in
    start) db_start ;;
    stop) db_stop ;;
    status) db_status ;;
    *) die "usage: bin/streamer db start|stop|status" ;;
  esac
}
