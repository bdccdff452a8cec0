'use strict';
// A Haraka plugin for the tests: accepts every recipient, and records for each message what
// the later data_post plugins are given (the message as Haraka holds it at data_post) and
// what is delivered (the queue hook's message, with the headers the plugins added), under the
// recipient's local part in $RECORD_DIR. Listed before the plugin under test in config/plugins.
const fs = require('node:fs');
const path = require('node:path');

exports.register = function () {
  this.register_hook('rcpt', 'record_accept_rcpt');
  this.register_hook('data_post', 'record_data_post');
  this.register_hook('queue', 'record_queue');
};

exports.record_accept_rcpt = function (next) {
  next(OK);
};

exports.record_data_post = function (next, connection) {
  const txn = connection.transaction;
  txn.message_stream.get_data((buf) => {
    txn.notes.record_seen = buf;
    next();
  });
};

exports.record_queue = function (next, connection) {
  const txn = connection.transaction;
  const dir = process.env.RECORD_DIR;
  const name = txn.rcpt_to[0].user;
  txn.message_stream.get_data((buf) => {
    fs.writeFileSync(path.join(dir, `${name}.seen`), txn.notes.record_seen);
    fs.writeFileSync(path.join(dir, `${name}.delivered`), buf);
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ from: txn.mail_from.address, uuid: txn.uuid }));
    next(OK);
  });
};
