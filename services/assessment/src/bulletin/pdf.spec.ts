import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { renderBulletinHtml } from './bulletin';
import { sampleBulletinData } from './bulletin.sample';
import { renderPdf } from './pdf';

// Prints the sample bulletin with Debian's Chromium (scripts/ensure-infra.sh installs it) and reads
// the text back with poppler-utils' pdftotext, so the Chinese text is known to survive as text.
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulletin-'));
  try {
    const file = join(dir, 'bulletin.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('pdftotext not found: apt-get install -y poppler-utils');
    }
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('renderPdf', () => {
  it('prints the bulletin to an A4 PDF whose text is the bulletin', async () => {
    const data = sampleBulletinData();
    const pdf = await renderPdf(renderBulletinHtml(data));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // pdftotext breaks lines where the page does: compare without whitespace.
    const content = pdfText(pdf).replace(/\s+/g, '');
    expect(content).toContain(data.title);
    expect(content).toContain('上升28.6%');
    expect(content).toContain('一票否决');
  }, 60_000);

  it('says how to install Chromium when it is missing', async () => {
    await expect(renderPdf('<p>x</p>', { chromiumPath: '/nonexistent/chromium' })).rejects.toThrow(
      'Chromium not found at /nonexistent/chromium: run bash scripts/ensure-infra.sh',
    );
  });
});
