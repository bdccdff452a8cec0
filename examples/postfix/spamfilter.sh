#!/bin/sh
# Postfix content filter (a pipe, no milter): the message comes on standard input, spamc has
# `spamscore serve` score it and prints it back marked up (X-Spam-* headers, and the
# report_safe rewrite for spam), and sendmail re-injects it for delivery.
#
#   /etc/postfix/master.cf: see master.cf beside this file
#   install -m 755 spamfilter.sh /usr/local/bin/spamfilter.sh
#
# Exit codes are what Postfix's pipe(8) understands: 0 delivered, 75 (EX_TEMPFAIL) try again
# later — when the daemon is down, busy or too slow (spamc -x), the mail waits in the queue
# instead of passing unchecked. Set SPAMC_SAFE_FALLBACK=1 to pass it unchecked instead.
#
# Environment (all optional): SPAMC (spamc binary), SPAMD_HOST/SPAMD_PORT or SPAMD_SOCKET
# (a Unix socket), SPAMC_USER (spamc -u, for per-user preferences), SPAMC_MAX_SIZE (bytes,
# larger messages pass unscored), SENDMAIL (the re-injection command).
set -u

SPAMC=${SPAMC:-/usr/bin/spamc}
SENDMAIL=${SENDMAIL:-/usr/sbin/sendmail -G -i}
EX_TEMPFAIL=75

if [ -n "${SPAMD_SOCKET:-}" ]; then
  where="-U $SPAMD_SOCKET"
else
  where="-d ${SPAMD_HOST:-127.0.0.1} -p ${SPAMD_PORT:-783}"
fi
fallback="-x"
[ "${SPAMC_SAFE_FALLBACK:-0}" = 1 ] && fallback=""
user=""
[ -n "${SPAMC_USER:-}" ] && user="-u $SPAMC_USER"

tmp=$(mktemp "${TMPDIR:-/tmp}/spamfilter.XXXXXX") || exit $EX_TEMPFAIL
trap 'rm -f "$tmp"' EXIT HUP INT TERM

# spamc -x exits non-zero (EX_TEMPFAIL, EX_UNAVAILABLE, …) when it got no answer
# shellcheck disable=SC2086
if ! $SPAMC $where $fallback $user -s "${SPAMC_MAX_SIZE:-10485760}" > "$tmp"; then
  echo "spamfilter: spamc could not reach the spam filter daemon; deferring" >&2
  exit $EX_TEMPFAIL
fi

# shellcheck disable=SC2086
$SENDMAIL "$@" < "$tmp" || exit $EX_TEMPFAIL
exit 0
