#!/usr/bin/env bash
# Stops the RabbitMQ node that start-rabbitmq.sh started (found through $CSPR_RABBITMQ_DIR/node.env), and its
# epmd when no other node is registered with it. Idempotent: a node that is not running is left as it is. The
# data (durable queues and their messages) stays in $CSPR_RABBITMQ_DIR for the next start.
#
# Settings: CSPR_DATA_DIR and CSPR_RABBITMQ_DIR, as for start-rabbitmq.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

dir=${CSPR_RABBITMQ_DIR:-$CSPR_DATA_DIR/rabbitmq}
if [ ! -f "$dir/node.env" ]; then
  say "no node was started from $dir: nothing to stop"
  exit 0
fi
# shellcheck disable=SC1091
. "$dir/node.env"

if rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
  say "stopping $RABBITMQ_NODENAME"
  rabbitmqctl -q shutdown --timeout 60 >&2
else
  say "$RABBITMQ_NODENAME is not running"
fi

# epmd outlives the node. Stop it only when no other node (another broker, a test's) still uses it.
if names=$(epmd -port "$ERL_EPMD_PORT" -names 2>/dev/null); then
  if ! grep -q '^name ' <<<"$names"; then
    epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
    say "stopped epmd on port $ERL_EPMD_PORT"
  else
    say "epmd on port $ERL_EPMD_PORT still serves other nodes: left running"
  fi
fi
