// Renders the sample bulletin to docs/sample-bulletin.pdf and its first page to
// docs/images/sample-bulletin-page1.png (needs Chromium and poppler-utils' pdftoppm).
// There is no ts-node here; compile with swc and run from the repository root:
//
//   npx swc services/assessment/scripts/sample-bulletin.ts services/assessment/src/bulletin \
//     -d /tmp/sample-bulletin --config-file .swcrc --quiet \
//   && NODE_PATH=$PWD/node_modules node /tmp/sample-bulletin/services/assessment/scripts/sample-bulletin.js
//
// (@petition/clock resolves to libs/clock/dist: run `npm run build -w libs/clock` first if it is missing.)
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

import { renderBulletinHtml } from '../src/bulletin/bulletin';
import { sampleBulletinData } from '../src/bulletin/bulletin.sample';
import { renderPdf } from '../src/bulletin/pdf';

async function main() {
  const root = process.cwd();
  if (!existsSync(join(root, 'services/assessment/package.json'))) {
    throw new Error(`run from the repository root (no services/assessment under ${root})`);
  }
  const pdfPath = join(root, 'docs/sample-bulletin.pdf');
  const pngPath = join(root, 'docs/images/sample-bulletin-page1.png');
  mkdirSync(join(root, 'docs/images'), { recursive: true });

  const html = renderBulletinHtml(sampleBulletinData());
  if (process.env.BULLETIN_HTML) writeFileSync(process.env.BULLETIN_HTML, html);
  writeFileSync(pdfPath, await renderPdf(html));
  try {
    // -singlefile: write <prefix>.png, not <prefix>-1.png.
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdfPath, pngPath.replace(/\.png$/, '')]);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('pdftoppm not found: apt-get install -y poppler-utils');
    throw e;
  }
  process.stdout.write(`wrote ${pdfPath}\nwrote ${pngPath}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
