// validate.js - check EPCIS documents against the official EPCIS 2.0 JSON
// schema with ajv 8 and ajv-formats 3 (../shared/notes/gs1.md §6.3).
// usage: node validate.js SCHEMA DOC...   prints "VALID FILE" or
// "INVALID FILE <first errors>" per document; exit 1 when one is invalid.
'use strict';
const fs = require('fs');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
let bad = 0;
for (const f of process.argv.slice(3)) {
  const good = validate(JSON.parse(fs.readFileSync(f, 'utf8')));
  if (!good)
    bad++;
  console.log(good ? 'VALID' : 'INVALID', f, good ? '' : JSON.stringify(validate.errors.slice(0, 3)));
}
process.exit(bad ? 1 : 0);
