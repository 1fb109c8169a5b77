#!/usr/bin/env bash
# Starts PostgreSQL as a local process, for machines without Docker: its own cluster, port and socket folder,
# with the services' role and the two databases, reviews and workers (ops/postgres/create-databases.sql).
# Idempotent: it creates the cluster on the first start only, starts it when it is not running, and makes sure
# of the role, its password and the databases every time. Stop it with stop-postgres.sh.
#
# Prints on standard output the settings for the orchestrator and the workers, for
#   eval "$(ops/scripts/start-postgres.sh)"
# and everything else on standard error.
#
# Settings (environment variables, with their defaults):
#   CSPR_DATA_DIR           /var/lib/cspr-local as root, else ~/.local/share/cspr
#   CSPR_POSTGRES_DIR       $CSPR_DATA_DIR/postgres (the cluster in data/, the socket in run/, the server log in
#                           log/, the credentials)
#   CSPR_POSTGRES_BIND      127.0.0.1 (listen_addresses)
#   CSPR_POSTGRES_PORT      5432
#   CSPR_POSTGRES_USER      cspr (the services' role, owner of both databases)
#   CSPR_POSTGRES_PASSWORD  generated at first start and kept in $CSPR_POSTGRES_DIR/credentials (0600)
#   CSPR_POSTGRES_BIN       /usr/lib/postgresql/15/bin
#   CSPR_POSTGRES_OS_USER   the account the server runs as: postgres when run as root (initdb refuses root),
#                           else the current user
#
# The superuser is "postgres", reachable only through the socket in run/ (mode 0700, so only the server's
# account can use it); over TCP only passwords are accepted (scram-sha-256), and the superuser has none.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ops=$(dirname "$here")
# shellcheck source=common.sh
. "$here/common.sh"

dir=${CSPR_POSTGRES_DIR:-$CSPR_DATA_DIR/postgres}
bind=${CSPR_POSTGRES_BIND:-127.0.0.1}
port=${CSPR_POSTGRES_PORT:-5432}
bin=${CSPR_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
CSPR_POSTGRES_USER=${CSPR_POSTGRES_USER:-cspr}
if [ "$(id -u)" = 0 ]; then os_user=${CSPR_POSTGRES_OS_USER:-postgres}; else os_user=${CSPR_POSTGRES_OS_USER:-$(id -un)}; fi

[ -x "$bin/pg_ctl" ] || die "no PostgreSQL in $bin (set CSPR_POSTGRES_BIN)"
[[ $port =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "not a port: $port"
[[ $CSPR_POSTGRES_USER =~ ^[a-z_][a-z0-9_]*$ ]] || die "CSPR_POSTGRES_USER: use lower-case letters, digits and _"

# as_server COMMAND...: runs a command as the server's account.
as_server() {
  if [ "$(id -un)" = "$os_user" ]; then "$@"; else runuser -u "$os_user" -- "$@"; fi
}

mkdir -p "$dir"
chmod 700 "$dir"
remember "$dir/credentials" CSPR_POSTGRES_PASSWORD
export CSPR_POSTGRES_USER CSPR_POSTGRES_PASSWORD
mkdir -p "$dir/data" "$dir/run" "$dir/log"
if [ "$(id -un)" != "$os_user" ]; then
  chown "$os_user:" "$dir/data" "$dir/run" "$dir/log"
  chmod 711 "$dir"   # the server's account goes through, lists nothing
fi
chmod 700 "$dir/data" "$dir/run" "$dir/log"

if [ ! -s "$dir/data/PG_VERSION" ]; then
  say "creating a cluster in $dir/data"
  as_server "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  echo "include_if_exists = 'cspr.conf'" | as_server tee -a "$dir/data/postgresql.conf" >/dev/null
fi

# Where it listens, written at every start (a changed port takes effect at the next start).
as_server tee "$dir/data/cspr.conf" >/dev/null <<EOF
# Written by ops/scripts/start-postgres.sh at every start.
listen_addresses = '$bind'
port = $port
unix_socket_directories = '$dir/run'
unix_socket_permissions = 0700
password_encryption = scram-sha-256
EOF

if as_server "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  say "PostgreSQL is already running from $dir/data"
else
  say "starting PostgreSQL on $bind:$port (data in $dir/data)"
  as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/log/postgres.log" -w -t 60 start >/dev/null ||
    { tail -n 40 "$dir/log/postgres.log" >&2; die "PostgreSQL did not start: see $dir/log/postgres.log"; }
fi
# The port the running server really uses (a restart is needed to change it).
running_port=$(as_server "$bin/psql" -X -At -h "$dir/run" -p "$port" -U postgres -d postgres -c 'show port' 2>/dev/null) ||
  die "PostgreSQL is running but not on port $port: stop it with stop-postgres.sh and start again"

# The script reads the role and its password from the (exported) environment, not from its command line.
as_server "$bin/psql" -X -q -h "$dir/run" -p "$running_port" -U postgres -d postgres -f - \
  <"$ops/postgres/create-databases.sql" >&2

# Ready when the services' role logs in over TCP to both databases.
host=${bind%%,*}
case $host in '*' | 0.0.0.0 | '') host=127.0.0.1 ;; '::') host=::1 ;; esac
for db in reviews workers; do
  PGPASSWORD=$CSPR_POSTGRES_PASSWORD "$bin/psql" -X -At -h "$host" -p "$running_port" -U "$CSPR_POSTGRES_USER" -d "$db" \
    -c 'select 1' >/dev/null || die "$CSPR_POSTGRES_USER cannot log in to $db on $host:$running_port"
done
say "ready: $host:$running_port, databases reviews and workers, role $CSPR_POSTGRES_USER (password in $dir/credentials)"

connection() { printf 'Host=%s;Port=%s;Database=%s;Username=%s;Password=%s' "$host" "$running_port" "$1" "$CSPR_POSTGRES_USER" "$CSPR_POSTGRES_PASSWORD"; }
export_line Database__Provider PostgreSQL
export_line ConnectionStrings__Reviews "$(connection reviews)"
export_line ConnectionStrings__Workers "$(connection workers)"
