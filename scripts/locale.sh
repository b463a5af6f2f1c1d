#!/bin/sh
# Make the zh_CN.UTF-8 locale that the Chinese test cases run under.
# As root on Debian: generate it (from the `locales` package, which
# scripts/deps.sh installs). Otherwise say so and go on: tests/e2e/run.sh then
# skips the Chinese cases with a SKIP line.
has() { locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\{0,1\}8'; }
has && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "locale: generating zh_CN.UTF-8" >&2
	if [ -f /etc/locale.gen ] && command -v locale-gen >/dev/null 2>&1; then
		sed -i 's/^# *\(zh_CN\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
		grep -q '^zh_CN\.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' >> /etc/locale.gen
		locale-gen >/dev/null 2>&1
	fi
	has || localedef -i zh_CN -f UTF-8 zh_CN.UTF-8 >/dev/null 2>&1
	has && exit 0
	echo "locale: could not generate zh_CN.UTF-8; the Chinese test cases will be skipped" >&2
	exit 0
fi
echo "locale: zh_CN.UTF-8 is not installed and this is not root; the Chinese test cases will be skipped" >&2
echo "locale: (as root: sed -i 's/^# *zh_CN.UTF-8/zh_CN.UTF-8/' /etc/locale.gen && locale-gen)" >&2
exit 0
