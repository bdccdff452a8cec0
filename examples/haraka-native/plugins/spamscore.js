'use strict';
// spamscore inside Haraka: every message is scored in-process, on a pool of worker threads
// (spamscore's scanner pool), so Haraka's event loop never waits on a scan and no spamd
// daemon is needed. At data_post the plugin rejects at or above `reject_score` (550 at DATA)
// and otherwise adds SpamAssassin's X-Spam-* headers.
//
// Install: `npm install spamscore` in the Haraka directory, copy this file to plugins/ and
// ../config/spamscore.ini to config/, and add `spamscore` to config/plugins.

const { createScanner } = require('spamscore');

exports.register = function () {
  this.load_spamscore_ini();
  const { main } = this.cfg;
  const list = (v) => (v ? String(v).split(/[\s,]+/).filter(Boolean) : undefined);
  this.scanner = createScanner({
    // loadRuleSet()'s options: SpamAssassin's rules and site configuration as found on the
    // machine (sa-update's directory, /usr/share/spamassassin, /etc/spamassassin) unless set
    rules: { ...(main.rules ? { rules: list(main.rules) } : {}), ...(main.site ? { site: list(main.site) } : {}) },
    ...(main.workers ? { workers: Number(main.workers) } : {}),
    ...(main.timeout ? { timeout: Number(main.timeout) * 1000 } : {}),
  });
  // a rule set that cannot load is logged once; each message then passes (or is deferred)
  this.scanner.ready.then(
    (info) => this.loginfo(`spamscore: ${info.ruleCount} rules on ${this.scanner.workers} workers`),
    (err) => this.logerror(`spamscore: ${err.message}`),
  );
  this.register_hook('data_post', 'spamscore_data_post');
};

exports.load_spamscore_ini = function () {
  this.cfg = this.config.get('spamscore.ini', { booleans: ['+main.network', '-main.defer_on_error'] }, () => this.load_spamscore_ini());
};

exports.spamscore_data_post = function (next, connection) {
  const txn = connection.transaction;
  if (!txn) return next();
  const { main } = this.cfg;
  if (main.max_size && txn.data_bytes > Number(main.max_size)) {
    txn.results.add(this, { skip: `size ${txn.data_bytes}` });
    return next();
  }
  // Haraka has written its own Received header by now: SpamAssassin sees the connecting
  // client there, so no `envelope` option is needed (pass one only where the MTA has not).
  txn.message_stream.get_data((raw) => {
    const reject = main.reject_score ? Number(main.reject_score) : undefined;
    this.scanner
      .scan(raw, { network: main.network, ...(reject !== undefined ? { actions: { reject } } : {}) })
      .then((r) => {
        if (!connection.transaction) return next(); // the client went away meanwhile
        txn.notes.spamscore = { score: r.score, required: r.requiredScore, isSpam: r.isSpam, action: r.action, tests: r.hits.map((h) => h.name) };
        txn.results.add(this, { score: r.score, required: r.requiredScore, action: r.action, tests: r.hits.map((h) => h.name).join(','), emit: true });
        if (r.action === 'reject') return next(DENY, `spam score ${r.score} exceeded threshold`);
        // X-Spam-* headers already in the message (forged, or from another scanner) go first
        for (const [name] of r.headers) txn.remove_header(name);
        for (const [name, value] of r.headers) txn.add_header(name, value);
        return next();
      })
      .catch((err) => {
        // a full queue, a closed scanner or a rule set that failed to load: never a crash
        txn.results.add(this, { err: err.message });
        return main.defer_on_error ? next(DENYSOFT, 'spam scan unavailable, try again later') : next();
      });
  });
};

exports.shutdown = function () {
  // Haraka stops: the scans in flight finish, then the worker threads end
  return this.scanner?.close();
};
