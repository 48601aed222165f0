#!/usr/bin/env node
'use strict';
// main() answers at once for most commands, and with a promise for the ones that wait on the network (preflight).
Promise.resolve(require('../dist/cli.js').main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
