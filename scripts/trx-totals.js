// Sums the counters of every TRX file in a folder and prints "<passed> <failed>".
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
let passed = 0;
let failed = 0;
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  if (!file.endsWith('.trx')) continue;
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  const counters = /<Counters\b[^>]*>/.exec(text);
  if (!counters) continue;
  const value = (name) => Number((new RegExp(`\\b${name}="(\\d+)"`).exec(counters[0]) || [0, 0])[1]);
  passed += value('passed');
  failed += value('failed') + value('error') + value('timeout') + value('aborted');
}
console.log(`${passed} ${failed}`);
