#!/usr/bin/env bash
# Installs what `pnpm with-services` needs on a Debian 12 machine, idempotently:
#   - Debian packages for the servers (only when a binary is missing; no system service is left running)
#   - Apache Kafka jars from Maven Central into test-infra/.cache/kafka/lib (only when missing or the pom changed)
# Usage: bash test-infra/setup.sh   (root script: pnpm services:install)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_VERSION=3.9.1
KAFKA_LIB="$INFRA_DIR/.cache/kafka/lib"
POM="$INFRA_DIR/kafka/pom.xml"
START=$(date +%s)

log() { echo "[setup] $*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# binary (or glob) -> Debian package providing it
declare -A NEEDS=(
  ["/usr/sbin/mosquitto"]=mosquitto
  ["/usr/sbin/nats-server"]=nats-server
  ["/usr/lib/rabbitmq/bin/rabbitmq-server"]=rabbitmq-server
  ["/usr/bin/epmd"]=erlang-base
  ["/usr/lib/postgresql/15/bin/postgres"]=postgresql-15
  ["/usr/lib/postgresql/15/bin/initdb"]=postgresql-15
  ["/usr/sbin/mariadbd"]=mariadb-server-core
  ["/usr/bin/mariadb-install-db"]=mariadb-server-core
  ["/usr/bin/my_print_defaults"]=mariadb-client-core
  ["/usr/sbin/clickhouse-server"]=clickhouse-server
  ["/usr/bin/microsocks"]=microsocks
)
MISSING=()
for bin in "${!NEEDS[@]}"; do
  [ -x "$bin" ] || MISSING+=("${NEEDS[$bin]}")
done
command -v java >/dev/null 2>&1 || MISSING+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || MISSING+=(maven)

if [ "${#MISSING[@]}" -gt 0 ]; then
  PKGS=$(printf '%s\n' "${MISSING[@]}" | sort -u | tr '\n' ' ')
  log "installing Debian packages: $PKGS"
  # Keep postinst scripts from starting system services (postgres, rabbitmq, clickhouse, mosquitto, nats).
  POLICY=/usr/sbin/policy-rc.d
  BACKUP=""
  if [ -e "$POLICY" ]; then
    BACKUP="$(mktemp)"
    $SUDO cp -p "$POLICY" "$BACKUP"
  fi
  restore_policy() {
    if [ -n "$BACKUP" ]; then $SUDO cp -p "$BACKUP" "$POLICY"; rm -f "$BACKUP"; else $SUDO rm -f "$POLICY"; fi
  }
  trap restore_policy EXIT
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod 755 "$POLICY"
  $SUDO apt-get update -q
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -q --no-install-recommends $PKGS
  restore_policy
  trap - EXIT
  # Belt and braces: stop any system service that started anyway (e.g. no policy-rc.d support).
  for svc in postgresql rabbitmq-server clickhouse-server mosquitto nats-server mariadb; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
      $SUDO systemctl stop "$svc" || true
      $SUDO systemctl disable "$svc" >/dev/null 2>&1 || true
    elif [ -x "/etc/init.d/$svc" ]; then
      $SUDO "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
    fi
  done
  # rabbitmq's package may leave an epmd daemon behind.
  if pgrep -x epmd >/dev/null 2>&1 && [ -z "$(pgrep -x beam.smp || true)" ]; then
    $SUDO epmd -kill >/dev/null 2>&1 || true
  fi
else
  log "Debian packages: all present"
fi

# Kafka jars: re-fetched only when missing or when the pom changed.
POM_SUM="$(sha256sum "$POM" | cut -d' ' -f1)"
STAMP="$INFRA_DIR/.cache/kafka/pom.sha256"
if [ -f "$KAFKA_LIB/kafka_2.13-$KAFKA_VERSION.jar" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$POM_SUM" ]; then
  log "Kafka $KAFKA_VERSION jars: present"
else
  log "fetching Kafka $KAFKA_VERSION jars from Maven Central"
  rm -rf "$KAFKA_LIB"
  mkdir -p "$KAFKA_LIB"
  mvn -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies
  echo "$POM_SUM" > "$STAMP"
fi

log "done in $(( $(date +%s) - START )) s"
