#!/usr/bin/env bash
# Installs AI-Bridge for Cisco UC on a Linux VM:
#   sudo scripts/install.sh build/ai-bridge [--prefix /opt/ai-bridge] [--user ai-bridge] [--no-systemd] [-- setup flags…]
# Creates the service user, the /opt layout with tight permissions, copies the binary,
# runs `ai-bridge setup --non-interactive` when there is no .env yet (extra flags after `--`
# are passed to it), and installs + enables the systemd unit. Re-running it upgrades the
# binary and keeps .env and all data.
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

# 2. Layout. The prefix and bin/ belong to root (the service cannot replace its own binary);
#    the data folders belong to the service user, secrets readable by it alone.
install -d -m 0755 -o root -g "$GROUP" "$PREFIX"
install -d -m 0755 -o root -g root "$PREFIX/bin"
for dir in logs clients profiles backups servers; do install -d -m 0750 -o "$SERVICE_USER" -g "$GROUP" "$PREFIX/$dir"; done
install -d -m 0700 -o "$SERVICE_USER" -g "$GROUP" "$PREFIX/secrets"
# The root itself must be writable by the service for .env and atomic renames of state files.
chown "$SERVICE_USER:$GROUP" "$PREFIX"
chmod 0750 "$PREFIX"

# 3. Binary (atomic replace, so a running service keeps its old inode until restart).
install -m 0755 -o root -g root "$BINARY_SRC" "$PREFIX/bin/.ai-bridge.new"
mv -f "$PREFIX/bin/.ai-bridge.new" "$PREFIX/bin/ai-bridge"

# 4. Configuration: created once, never overwritten; PROJECT_* refreshed on upgrade.
run_as() { if command -v runuser >/dev/null; then runuser -u "$SERVICE_USER" -- "$@"; else su -s /bin/sh "$SERVICE_USER" -c "$(printf '%q ' "$@")"; fi; }
run_as "$PREFIX/bin/ai-bridge" --root "$PREFIX" setup --non-interactive "${SETUP_FLAGS[@]}"

# 5. systemd unit.
if [ "$SYSTEMD" -eq 1 ]; then
  sed -e "s#/opt/ai-bridge#$PREFIX#g" -e "s#^User=.*#User=$SERVICE_USER#" -e "s#^Group=.*#Group=$GROUP#" \
    "$SCRIPT_DIR/ai-bridge.service" > /etc/systemd/system/ai-bridge.service
  chmod 0644 /etc/systemd/system/ai-bridge.service
  systemctl daemon-reload
  systemctl enable ai-bridge.service
  echo "installed; start with: systemctl start ai-bridge && journalctl -u ai-bridge -f"
else
  echo "installed in $PREFIX (no systemd unit); run: runuser -u $SERVICE_USER -- $PREFIX/bin/ai-bridge --root $PREFIX serve"
fi
