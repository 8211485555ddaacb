// Validates AsyncAPI documents with the official parser (@asyncapi/parser), resolving their
// relative $refs into the OpenAPI documents beside them. Usage: node asyncapi-lint.mjs FILE...
// Exit status 1 when any document has an error-level diagnostic.
import { Parser, fromFile } from '@asyncapi/parser';

const severities = ['error', 'warning', 'info', 'hint'];
const parser = new Parser();
let failed = false;
for (const file of process.argv.slice(2)) {
  const { document, diagnostics } = await fromFile(parser, file).parse();
  for (const d of diagnostics) {
    const where = d.path && d.path.length ? d.path.join('.') : '(document)';
    console.log(`${file}: ${severities[d.severity] ?? d.severity}: ${where}: ${d.message} [${d.code}]`);
  }
  const errors = diagnostics.filter((d) => d.severity === 0).length;
  if (!document || errors > 0) {
    failed = true;
    console.log(`${file}: invalid (${errors} errors)`);
    continue;
  }
  const channels = document.channels().all().map((c) => c.address());
  const messages = document.messages().all().map((m) => m.name());
  console.log(`${file}: valid AsyncAPI ${document.version()}; channels ${channels.join(', ')}; messages ${messages.join(', ')}`);
}
process.exit(failed ? 1 : 0);
