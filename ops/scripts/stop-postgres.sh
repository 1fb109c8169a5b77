#!/usr/bin/env bash
# Stops the PostgreSQL cluster that start-postgres.sh started (fast shutdown: open transactions roll back,
# everything committed is kept). Idempotent: a cluster that is not running is left as it is. The data stays in
# $CSPR_POSTGRES_DIR/data for the next start.
#
# Settings: CSPR_DATA_DIR, CSPR_POSTGRES_DIR, CSPR_POSTGRES_BIN and CSPR_POSTGRES_OS_USER, as for start-postgres.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

dir=${CSPR_POSTGRES_DIR:-$CSPR_DATA_DIR/postgres}
bin=${CSPR_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
if [ "$(id -u)" = 0 ]; then os_user=${CSPR_POSTGRES_OS_USER:-postgres}; else os_user=${CSPR_POSTGRES_OS_USER:-$(id -un)}; fi
as_server() {
  if [ "$(id -un)" = "$os_user" ]; then "$@"; else runuser -u "$os_user" -- "$@"; fi
}

if [ ! -s "$dir/data/PG_VERSION" ]; then
  say "no cluster in $dir/data: nothing to stop"
  exit 0
fi
if as_server "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  say "stopping PostgreSQL ($dir/data)"
  as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
  say "stopped"
else
  say "PostgreSQL ($dir/data) is not running"
fi
