import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, requireChromium } from '@petition/service-kit';

/** Prints a standalone HTML document (renderBulletinHtml's output) to an A4 PDF. */
export async function renderPdf(html: string, options: { chromiumPath?: string } = {}): Promise<Buffer> {
  const executablePath = requireChromium(options.chromiumPath);
  const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage();
    // The document needs nothing from outside; refuse any request so a stray URL cannot leak or hang.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
