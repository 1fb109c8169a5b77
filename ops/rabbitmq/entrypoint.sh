#!/usr/bin/env bash
# Entrypoint of the broker's container (docker-compose.yml): writes the definitions RabbitMQ imports at boot
# (rabbitmq.conf's load_definitions) from the committed topology and the users in the environment, into a
# tmpfs so that the passwords are never written to the data volume, then hands over to the image's own
# entrypoint (which drops to the rabbitmq user).
set -euo pipefail
out=/run/cspr/definitions.json
mkdir -p "$(dirname "$out")"
bash /etc/cspr/rabbitmq/render-definitions.sh /etc/cspr/rabbitmq/definitions.json "$out"
if [ "$(id -u)" = 0 ]; then
  chown rabbitmq:rabbitmq "$(dirname "$out")" "$out"
fi
# The broker itself needs none of them.
unset CSPR_RABBITMQ_PASSWORD CSPR_RABBITMQ_ADMIN_PASSWORD
exec docker-entrypoint.sh "$@"
