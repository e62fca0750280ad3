// Parses Mermaid diagrams with every installed mermaid version, in one Node process.
//
// Input: JSON on stdin (`[{"name": "...", "text": "erDiagram\n..."}]`) or, with a directory
// argument, every `*.mmd` file in it. Prints one `FAIL <version> <name>: <error>` line per
// diagram a version rejects, then a summary line; exits 1 when anything failed, 2 on bad input.
//
// Mermaid's parser wants a DOM (DOMPurify and its config code touch `window`): jsdom provides
// one, so the exact packages GitLab (10.7), GitHub (11.3) and mermaid.live (12.x) ship are the
// judges, not a re-implementation of their grammars.
import { JSDOM } from 'jsdom';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const VERSIONS = ['mermaid10', 'mermaid11', 'mermaid12'];

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;

function readInput() {
  const dir = process.argv[2];
  if (dir) {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.mmd'))
      .sort()
      .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
  }
  const raw = readFileSync(0, 'utf8');
  const parsed = JSON.parse(raw);
  if (!Array.isArray(parsed)) throw new Error('stdin must be a JSON array of {name, text}');
  return parsed;
}

let diagrams;
try {
  diagrams = readInput();
} catch (e) {
  console.error(`check.mjs: cannot read diagrams: ${e.message}`);
  process.exit(2);
}

let failures = 0;
for (const version of VERSIONS) {
  const mermaid = (await import(version)).default;
  mermaid.initialize({ startOnLoad: false, maxTextSize: 50000 });
  const pkg = JSON.parse(readFileSync(new URL(`./node_modules/${version}/package.json`, import.meta.url), 'utf8'));
  for (const { name, text } of diagrams) {
    try {
      await mermaid.parse(text);
    } catch (e) {
      failures += 1;
      const msg = String(e && e.message ? e.message : e).replace(/\s+/g, ' ').slice(0, 400);
      console.log(`FAIL mermaid@${pkg.version} ${name}: ${msg}`);
    }
  }
}
console.log(`checked ${diagrams.length} diagrams with ${VERSIONS.length} mermaid versions: ${failures} failures`);
process.exit(failures === 0 ? 0 : 1);
