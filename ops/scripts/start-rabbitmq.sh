#!/usr/bin/env bash
# Starts RabbitMQ as a local process, for machines without Docker: a node with its own name, ports, data,
# Erlang cookie and (optionally) its own epmd, loading the product's topology and users at boot
# (ops/rabbitmq/definitions.json through ops/rabbitmq/render-definitions.sh), so its queues exist before the
# services first start. Idempotent: on a running node it imports the definitions again (users, passwords,
# queues) and changes nothing else. Stop it with stop-rabbitmq.sh.
#
# Prints on standard output the settings for the orchestrator and the workers, for
#   eval "$(ops/scripts/start-rabbitmq.sh)"
# and everything else on standard error.
#
# Settings (environment variables, with their defaults):
#   CSPR_DATA_DIR                  /var/lib/cspr-local as root, else ~/.local/share/cspr
#   CSPR_RABBITMQ_DIR              $CSPR_DATA_DIR/rabbitmq (data, logs, configuration, credentials)
#   CSPR_RABBITMQ_BIND             127.0.0.1 (the address the AMQP and management listeners bind)
#   CSPR_RABBITMQ_PORT             5672 (AMQP)
#   CSPR_RABBITMQ_MANAGEMENT_PORT  15672 (the management UI and HTTP API; "off" for none)
#   CSPR_RABBITMQ_DIST_PORT        AMQP port + 20000, or + 1 when that is above 65535 (Erlang distribution)
#   CSPR_RABBITMQ_EPMD_PORT        4369 (the Erlang port mapper; another port keeps this node apart)
#   CSPR_RABBITMQ_NODENAME         cspr@localhost
#   CSPR_RABBITMQ_USER             cspr (the services' user)
#   CSPR_RABBITMQ_PASSWORD         generated at first start and kept in $CSPR_RABBITMQ_DIR/credentials (0600)
#   CSPR_RABBITMQ_ADMIN_USER       cspr-admin (the management UI's administrator; only with the management UI)
#   CSPR_RABBITMQ_ADMIN_PASSWORD   generated likewise
#   CSPR_RABBITMQ_BIN              /usr/lib/rabbitmq/bin (Debian's rabbitmq-server package; its /usr/sbin
#                                  wrappers switch user when run as root, these do not)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ops=$(dirname "$here")
# shellcheck source=common.sh
. "$here/common.sh"

dir=${CSPR_RABBITMQ_DIR:-$CSPR_DATA_DIR/rabbitmq}
bind=${CSPR_RABBITMQ_BIND:-127.0.0.1}
port=${CSPR_RABBITMQ_PORT:-5672}
management=${CSPR_RABBITMQ_MANAGEMENT_PORT:-15672}
dist=${CSPR_RABBITMQ_DIST_PORT:-$((port + 20000))}
if [ -z "${CSPR_RABBITMQ_DIST_PORT:-}" ] && [ "$dist" -gt 65535 ]; then dist=$((port + 1)); fi
epmd_port=${CSPR_RABBITMQ_EPMD_PORT:-4369}
nodename=${CSPR_RABBITMQ_NODENAME:-cspr@localhost}
bin=${CSPR_RABBITMQ_BIN:-/usr/lib/rabbitmq/bin}
CSPR_RABBITMQ_USER=${CSPR_RABBITMQ_USER:-cspr}
export CSPR_RABBITMQ_VHOST=cspr   # the vhost of ops/rabbitmq/definitions.json

[ -x "$bin/rabbitmq-server" ] || die "no RabbitMQ in $bin (Debian: apt-get install rabbitmq-server; or set CSPR_RABBITMQ_BIN)"
for p in "$port" "$dist" "$epmd_port"; do
  [[ $p =~ ^[0-9]+$ ]] && [ "$p" -ge 1 ] && [ "$p" -le 65535 ] || die "not a port: $p"
done
if [ "$management" != off ]; then
  [[ $management =~ ^[0-9]+$ ]] && [ "$management" -ge 1 ] && [ "$management" -le 65535 ] || die "not a port: $management"
fi

mkdir -p "$dir/home" "$dir/mnesia" "$dir/log"
chmod 700 "$dir"

# Secrets: from the environment, else from the previous start, else new.
remember "$dir/credentials" CSPR_RABBITMQ_PASSWORD
export CSPR_RABBITMQ_USER CSPR_RABBITMQ_PASSWORD
if [ "$management" != off ]; then
  CSPR_RABBITMQ_ADMIN_USER=${CSPR_RABBITMQ_ADMIN_USER:-cspr-admin}
  remember "$dir/credentials" CSPR_RABBITMQ_ADMIN_PASSWORD
  export CSPR_RABBITMQ_ADMIN_USER CSPR_RABBITMQ_ADMIN_PASSWORD
else
  unset CSPR_RABBITMQ_ADMIN_USER CSPR_RABBITMQ_ADMIN_PASSWORD
fi

# The node's environment, kept for stop-rabbitmq.sh and for rabbitmqctl by hand:
#   . "$dir/node.env" && rabbitmqctl list_queues -p cspr
{
  export_line HOME "$dir/home"   # the Erlang cookie lives in $HOME: the node and its CLI must share it
  export_line RABBITMQ_NODENAME "$nodename"
  export_line RABBITMQ_NODE_IP_ADDRESS "$bind"
  export_line RABBITMQ_NODE_PORT "$port"
  export_line RABBITMQ_DIST_PORT "$dist"
  export_line ERL_EPMD_PORT "$epmd_port"
  export_line RABBITMQ_MNESIA_BASE "$dir/mnesia"
  export_line RABBITMQ_LOG_BASE "$dir/log"
  export_line RABBITMQ_CONFIG_FILE "$dir/rabbitmq"
  export_line RABBITMQ_ENABLED_PLUGINS_FILE "$dir/enabled_plugins"
  export_line RABBITMQ_PID_FILE "$dir/node.pid"
  export_line PATH "$bin:$PATH"
} > "$dir/node.env"
# shellcheck disable=SC1091
. "$dir/node.env"

bash "$ops/rabbitmq/render-definitions.sh" "$ops/rabbitmq/definitions.json" "$dir/definitions.json"

{
  echo "# Written by ops/scripts/start-rabbitmq.sh at every start."
  echo "listeners.tcp.default = $bind:$port"
  echo "load_definitions = $dir/definitions.json"
  if [ "$management" != off ]; then
    echo "management.tcp.ip = $bind"
    echo "management.tcp.port = $management"
  fi
} > "$dir/rabbitmq.conf"
if [ "$management" != off ]; then
  echo '[rabbitmq_management,rabbitmq_shovel,rabbitmq_shovel_management].' > "$dir/enabled_plugins"
else
  echo '[].' > "$dir/enabled_plugins"
fi

if rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
  say "$nodename is already running; importing the definitions again"
  rabbitmqctl -q import_definitions "$dir/definitions.json" >&2
else
  say "starting $nodename on $bind:$port (data in $dir)"
  rabbitmq-server -detached >/dev/null 2>&1 || true
  if ! rabbitmqctl -q wait --timeout 120 "$RABBITMQ_PID_FILE" >/dev/null 2>&1; then
    tail -n 40 "$dir/log/$nodename.log" >&2 2>/dev/null || true
    die "RabbitMQ did not start: see $dir/log/"
  fi
fi

# Ready when the AMQP port answers and the product's queues are there.
for _ in $(seq 1 60); do
  if (exec 3<>"/dev/tcp/$bind/$port") 2>/dev/null; then break; fi
  sleep 0.5
done
(exec 3<>"/dev/tcp/$bind/$port") 2>/dev/null || die "RabbitMQ does not listen on $bind:$port"
queues=$(rabbitmqctl -q list_queues -p cspr --no-table-headers name)
for q in reviews reviews_error notifications notifications_error; do
  grep -qx "$q" <<<"$queues" || die "queue $q is missing in vhost cspr"
done
# (the password on standard input, not on a command line that ps shows)
printf '%s' "$CSPR_RABBITMQ_PASSWORD" | rabbitmqctl -q authenticate_user "$CSPR_RABBITMQ_USER" >/dev/null 2>&1 ||
  die "the services' user $CSPR_RABBITMQ_USER cannot log in"

say "ready: amqp://$bind:$port, vhost cspr, user $CSPR_RABBITMQ_USER (passwords in $dir/credentials)"
if [ "$management" != off ]; then
  say "management UI: http://$bind:$management/ (user $CSPR_RABBITMQ_ADMIN_USER)"
fi
export_line Transport__Kind RabbitMQ
export_line Transport__RabbitMQ__Host "$bind"
export_line Transport__RabbitMQ__Port "$port"
export_line Transport__RabbitMQ__VirtualHost cspr
export_line Transport__RabbitMQ__UserName "$CSPR_RABBITMQ_USER"
export_line Transport__RabbitMQ__Password "$CSPR_RABBITMQ_PASSWORD"
