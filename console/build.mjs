// Bundles the console (console/src) into console/dist: every script and style the page loads, no CDN at run time.
// File names carry a content hash so hosts can cache them forever; index.html is rewritten to point at them.
import * as esbuild from 'esbuild';
import { readFile, writeFile, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(root, 'dist');
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const result = await esbuild.build({
  entryPoints: { main: path.join(root, 'src/main.js'), styles: path.join(root, 'src/styles.css') },
  bundle: true,
  splitting: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: false,
  legalComments: 'external',
  outdir: path.join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.entries(result.metafile.outputs);
const entry = (name) => path.relative(dist, outputs.find(([, o]) => o.entryPoint?.endsWith(name))[0]).replaceAll('\\', '/');
const html = (await readFile(path.join(root, 'index.html'), 'utf8'))
  .replace('%MAIN%', entry('src/main.js'))
  .replace('%STYLES%', entry('src/styles.css'));
await writeFile(path.join(dist, 'index.html'), html);
console.log(`console built: ${outputs.length + 1} files in console/dist`);
