#!/usr/bin/env node
'use strict';
// A write error on standard output that happens after main resolved (EPIPE is quiet) may already have set 2.
require('../dist/cli.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
  });
