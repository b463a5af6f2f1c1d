#!/bin/sh
# Install the Debian packages a make target needs, when they are missing.
# Usage: scripts/deps.sh PACKAGE...
# As root on Debian, missing packages are installed with apt-get; otherwise the
# missing ones are named and the script fails, so the build stops with a clear reason.
missing=
for p in "$@"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing" >&2
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2 && exit 0
	echo "deps: apt-get failed for:$missing" >&2
	exit 1
fi
command -v dpkg >/dev/null 2>&1 || exit 0   # not Debian: trust the user's setup
echo "deps: missing Debian packages:$missing (run as root, or: sudo apt-get install$missing)" >&2
exit 1
