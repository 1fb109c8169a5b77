#!/usr/bin/env bash
# Writes the definitions file RabbitMQ imports at boot: the committed topology (ops/rabbitmq/definitions.json:
# the vhost, the queues, the exchanges and their bindings) with the users and their permissions added from the
# environment, so that no password is ever in the repository.
#
# RabbitMQ creates no default user on a node that imports definitions at boot (neither guest nor
# RABBITMQ_DEFAULT_USER), so the users have to be in the imported file. The file is imported again at every
# boot: changing a password here and restarting the broker changes it there.
#
#   CSPR_RABBITMQ_USER, CSPR_RABBITMQ_PASSWORD              the services' user: AMQP only, no management tags
#   CSPR_RABBITMQ_ADMIN_USER, CSPR_RABBITMQ_ADMIN_PASSWORD  the operators' user for the management UI
#                                                           (administrator); optional, left out when unset
#   CSPR_RABBITMQ_VHOST                                     the virtual host of definitions.json (cspr)
#
# Usage: render-definitions.sh TOPOLOGY.json OUTPUT.json   (OUTPUT is written with mode 0600)
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 TOPOLOGY.json OUTPUT.json" >&2
  exit 2
fi
topology_file=$1
output=$2

# A JSON string literal for $1. User names and passwords with control characters are refused.
json_string() {
  local s=$1
  if [[ $s =~ [[:cntrl:]] ]]; then
    echo "render-definitions: a user name or password contains a control character" >&2
    return 1
  fi
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

: "${CSPR_RABBITMQ_USER:?render-definitions: set CSPR_RABBITMQ_USER}"
: "${CSPR_RABBITMQ_PASSWORD:?render-definitions: set CSPR_RABBITMQ_PASSWORD}"
vhost=$(json_string "${CSPR_RABBITMQ_VHOST:-cspr}")
all='"configure": ".*", "write": ".*", "read": ".*"'

user=$(json_string "$CSPR_RABBITMQ_USER")
users="    {\"name\": $user, \"password\": $(json_string "$CSPR_RABBITMQ_PASSWORD"), \"tags\": []}"
permissions="    {\"user\": $user, \"vhost\": $vhost, $all}"
if [ -n "${CSPR_RABBITMQ_ADMIN_USER:-}" ]; then
  : "${CSPR_RABBITMQ_ADMIN_PASSWORD:?render-definitions: set CSPR_RABBITMQ_ADMIN_PASSWORD (or unset CSPR_RABBITMQ_ADMIN_USER)}"
  admin=$(json_string "$CSPR_RABBITMQ_ADMIN_USER")
  if [ "$admin" = "$user" ]; then
    echo "render-definitions: the admin user must not be the services' user" >&2
    exit 1
  fi
  users+=$',\n'"    {\"name\": $admin, \"password\": $(json_string "$CSPR_RABBITMQ_ADMIN_PASSWORD"), \"tags\": [\"administrator\"]}"
  permissions+=$',\n'"    {\"user\": $admin, \"vhost\": $vhost, $all}"
fi

# The topology is one JSON object: the users and permissions go in front of its first member.
topology=$(<"$topology_file")
trimmed=${topology#"${topology%%[![:space:]]*}"}
if [ "${trimmed:0:1}" != "{" ]; then
  echo "render-definitions: $topology_file is not a JSON object" >&2
  exit 1
fi

umask 077
tmp="$output.tmp.$$"
printf '{\n  "users": [\n%s\n  ],\n  "permissions": [\n%s\n  ],%s\n' "$users" "$permissions" "${trimmed:1}" > "$tmp"
mv -f "$tmp" "$output"
