# Sourced by the start-/stop- scripts beside it: where local servers keep their data, and their secrets.
# shellcheck shell=bash

# CSPR_DATA_DIR: the folder under which each server keeps its own folder (rabbitmq/, postgres/).
if [ -z "${CSPR_DATA_DIR:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    CSPR_DATA_DIR=/var/lib/cspr-local
  else
    CSPR_DATA_DIR=${XDG_DATA_HOME:-$HOME/.local/share}/cspr
  fi
fi

say() { echo "$(basename "$0"): $*" >&2; }
die() { say "$*"; exit 1; }

# A random password of 24 letters and digits (safe in JSON, URIs and connection strings).
random_password() {
  local raw
  raw=$(head -c 32 /dev/urandom | base64)
  raw=${raw//[^A-Za-z0-9]/}
  printf '%s' "${raw:0:24}"
}

# remember FILE NAME: sets $NAME from the environment, else from FILE (a previous run), else a new random
# password; then records it in FILE (mode 0600) so that the next run and the services agree.
remember() {
  local file=$1 name=$2 value
  value=${!name:-}
  if [ -z "$value" ] && [ -f "$file" ]; then
    value=$(sed -n "s/^$name=//p" "$file" | tail -n 1)
  fi
  if [ -z "$value" ]; then
    value=$(random_password)
  fi
  if [[ $value == *$'\n'* ]]; then
    die "$name must be one line"
  fi
  printf -v "$name" '%s' "$value"
  local tmp="$file.tmp.$$"
  ( umask 077; { [ -f "$file" ] && grep -v "^$name=" "$file" || true; printf '%s=%s\n' "$name" "$value"; } > "$tmp" )
  mv -f "$tmp" "$file"
}

# export_line NAME VALUE: one line of shell that sets an environment variable, quoted for eval.
export_line() { printf 'export %s=%q\n' "$1" "$2"; }
