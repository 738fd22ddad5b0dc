#!/usr/bin/env node
// Checks JSON files against protocols/protocol.schema.json (draft-07) with ajv, independent of
// the C++ validator: files after --valid must pass, files after --invalid must each fail.
//   node tests/schema/validate.js SCHEMA.json --valid A.json... --invalid B.json...
// Exit 0 when every file is as expected; 1 with what was not; 2 on usage or I/O.
'use strict';
const fs = require('fs');
const Ajv = require('ajv');

function main(argv) {
  if (argv.length < 1) { console.error('usage: validate.js SCHEMA --valid FILES... --invalid FILES...'); return 2; }
  const schema = JSON.parse(fs.readFileSync(argv[0], 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  let expectValid = true, failures = 0, checked = 0;
  for (const arg of argv.slice(1)) {
    if (arg === '--valid') { expectValid = true; continue; }
    if (arg === '--invalid') { expectValid = false; continue; }
    const ok = validate(JSON.parse(fs.readFileSync(arg, 'utf8')));
    ++checked;
    if (ok !== expectValid) {
      ++failures;
      console.log(`${arg}: ${expectValid ? 'refused by the schema, but valid' : 'accepted by the schema, but broken'}`);
      if (!ok) for (const e of validate.errors.slice(0, 10)) console.log(`  ${e.instancePath || '/'} ${e.message}`);
    }
  }
  console.log(`${checked} files, ${failures} not as expected`);
  return failures === 0 && checked > 0 ? 0 : 1;
}

try { process.exit(main(process.argv.slice(2))); } catch (e) { console.error(e.message); process.exit(2); }
