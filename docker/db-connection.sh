# Sourced by backup.sh and restore.sh (keep it beside them): the connection to a MariaDB you run, from
# DB_HOST (127.0.0.1), DB_PORT (3306), DB_USER (cortege), DB_PASSWORD, or DB_SOCKET instead of host and
# port, written to a private option file so that the password never appears on a command line.

# A value for the option file: backslashes and quotes escaped, no line break.
option_value() {
  case "$1" in *$'\n'*) echo "a database setting holds a line break" >&2; exit 2 ;; esac
  local v="${1//\\/\\\\}"
  printf '"%s"' "${v//\"/\\\"}"
}

# Writes the [client] options to the file $1 and sets $protocol to the matching --protocol option.
write_client_options() {
  if [ -n "${DB_SOCKET:-}" ]; then
    printf '[client]\nsocket=%s\nuser=%s\npassword=%s\n' "$(option_value "$DB_SOCKET")" "$(option_value "${DB_USER:-cortege}")" \
      "$(option_value "${DB_PASSWORD:-}")" > "$1"
    protocol=--protocol=socket
  else
    printf '[client]\nhost=%s\nport=%s\nuser=%s\npassword=%s\n' "$(option_value "${DB_HOST:-127.0.0.1}")" \
      "$(option_value "${DB_PORT:-3306}")" "$(option_value "${DB_USER:-cortege}")" "$(option_value "${DB_PASSWORD:-}")" > "$1"
    protocol=--protocol=tcp
  fi
}
