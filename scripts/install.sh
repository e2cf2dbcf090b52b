#!/usr/bin/env bash
# Installs AI-Bridge for Cisco UC on a Linux VM:
#   sudo scripts/install.sh build/ai-bridge [--prefix /opt/ai-bridge] [--user ai-bridge] [--no-systemd] [-- setup flags…]
# Creates the service user, the /opt layout with tight permissions, copies the binary,
# runs `ai-bridge setup --non-interactive` when there is no .env yet (extra flags after `--`
# are passed to it), and installs + enables the systemd unit. Re-running it upgrades the
# binary through `ai-bridge upgrade` and keeps .env and all data.
set -euo pipefail

usage() { echo "usage: $0 BINARY [--prefix DIR] [--user NAME] [--no-systemd] [-- setup flags...]" >&2; exit 1; }

[ $# -ge 1 ] || usage
BINARY_SRC=$1; shift
PREFIX=/opt/ai-bridge
SERVICE_USER=ai-bridge
SYSTEMD=1
SETUP_FLAGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=$2; shift 2 ;;
    --user) SERVICE_USER=$2; shift 2 ;;
    --no-systemd) SYSTEMD=0; shift ;;
    --) shift; SETUP_FLAGS=("$@"); break ;;
    *) usage ;;
  esac
done

[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (sudo)" >&2; exit 1; }
[ -x "$BINARY_SRC" ] || { echo "install.sh: $BINARY_SRC is not an executable (build it with: npm run build)" >&2; exit 1; }
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)

# 1. Service user: no login shell, no home outside the prefix.
if ! id "$SERVICE_USER" >/dev/null 2>&1; then
  useradd --system --home-dir "$PREFIX" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi
GROUP=$(id -gn "$SERVICE_USER")

# 2. Layout. The prefix, bin/ and doc/ belong to root: the service can read and run them but
#    cannot replace, rename or add anything there (not its binary, not bin/ itself). The data
#    folders belong to the service user (the unit's ReadWritePaths lists exactly these);
#    secrets are readable by it alone.
DATA_DIRS="logs clients profiles backups servers secrets"
install -d -m 0750 -o root -g "$GROUP" "$PREFIX"
chown root:"$GROUP" "$PREFIX"
chmod 0750 "$PREFIX"
install -d -m 0755 -o root -g root "$PREFIX/bin" "$PREFIX/doc"
chown root:root "$PREFIX/bin" "$PREFIX/doc"
chmod 0755 "$PREFIX/bin" "$PREFIX/doc"
for dir in $DATA_DIRS; do install -d -m 0750 -o "$SERVICE_USER" -g "$GROUP" "$PREFIX/$dir"; done
chmod 0700 "$PREFIX/secrets"

# 3. Binary (atomic replace, so a running service keeps its old inode until restart) and the
#    documentation the unit's Documentation= points at.
#    On a re-run the installed binary upgrades itself (`ai-bridge upgrade`: version check, backup,
#    atomic swap, PROJECT_* rewrite, manifest re-signed, restart and /health check under systemd
#    with roll-back); running install.sh again is itself the operator's review, hence
#    --accept-changes. A first install, or one older than the upgrade command, is copied directly.
if [ -x "$PREFIX/bin/ai-bridge" ] && [ -f "$PREFIX/.env" ] && "$PREFIX/bin/ai-bridge" help upgrade >/dev/null 2>&1; then
  "$PREFIX/bin/ai-bridge" --root "$PREFIX" upgrade "$(realpath "$BINARY_SRC")" --accept-changes
else
  install -m 0755 -o root -g root "$BINARY_SRC" "$PREFIX/bin/.ai-bridge.new"
  mv -f "$PREFIX/bin/.ai-bridge.new" "$PREFIX/bin/ai-bridge"
fi
if [ -f "$SCRIPT_DIR/../README.md" ]; then
  install -m 0644 -o root -g root "$SCRIPT_DIR/../README.md" "$PREFIX/doc/README.md"
  if [ -d "$SCRIPT_DIR/../docs" ]; then
    install -d -m 0755 -o root -g root "$PREFIX/doc/docs"
    install -m 0644 -o root -g root "$SCRIPT_DIR"/../docs/*.md "$PREFIX/doc/docs/"
  fi
fi

# 4. Configuration: created once, never overwritten; PROJECT_* refreshed on upgrade. Setup runs
#    as root (the prefix is root's) and .env is then handed to the service user, mode 600.
"$PREFIX/bin/ai-bridge" --root "$PREFIX" setup --non-interactive "${SETUP_FLAGS[@]}"
chown "$SERVICE_USER:$GROUP" "$PREFIX/.env"
chmod 0600 "$PREFIX/.env"

# 5. systemd unit, then the signed integrity manifest of what was just installed (it runs as the
#    owner of .env, generating the RSA key pair the first time).
if [ "$SYSTEMD" -eq 1 ]; then
  sed -e "s#/opt/ai-bridge#$PREFIX#g" -e "s#^User=.*#User=$SERVICE_USER#" -e "s#^Group=.*#Group=$GROUP#" \
    "$SCRIPT_DIR/ai-bridge.service" > /etc/systemd/system/ai-bridge.service
  chmod 0644 /etc/systemd/system/ai-bridge.service
  systemctl daemon-reload
  systemctl enable ai-bridge.service
  "$PREFIX/bin/ai-bridge" --root "$PREFIX" integrity sign
  echo "installed; start with: systemctl start ai-bridge && journalctl -u ai-bridge -f"
else
  "$PREFIX/bin/ai-bridge" --root "$PREFIX" integrity sign
  echo "installed in $PREFIX (no systemd unit); run: runuser -u $SERVICE_USER -- $PREFIX/bin/ai-bridge --root $PREFIX serve"
fi
