import { launch } from './harness.ts';
const base = 'http://127.0.0.1:4404';
const browser = await launch();
const out = '/tmp/labA-shots';
const errors: string[] = [];
async function shoot(width: number, scheme: 'light' | 'dark', name: string, path: string, act?: (p: any) => Promise<void>) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(`${name}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  await page.goto(base + path);
  await page.waitForTimeout(800);
  if (act) await act(page);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) errors.push(`${name}: horizontal overflow ${overflow}px`);
  await ctx.close();
}
const train = async (p: any) => {
  // keyboard only: Tab to the Train button and press Enter
  for (let k = 0; k < 40; k++) {
    await p.keyboard.press('Tab');
    const label = await p.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    if (label === 'Train') break;
  }
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => /^(Finished|Stopped|Training stopped)/.test(document.querySelector('.sw-lab-status')?.textContent ?? ''), null, { timeout: 120000 });
  await p.waitForTimeout(500);
};
await shoot(1280, 'light', 'lab-1280-light-idle', '/lab/');
await shoot(1280, 'dark', 'lab-1280-dark-trained', '/lab/?lab.n=10000&lab.epochs=2&lab.hidden=64', train);
await shoot(390, 'light', 'lab-390-light-trained', '/lab/?lab.n=10000&lab.epochs=2&lab.hidden=64', train);
await shoot(390, 'dark', 'lab-390-dark-diverged', '/lab/?lab.n=3000&lab.opt=sgd&lab.lr=50', train);
await shoot(390, 'light', 'lab-390-invalid', '/lab/?lab.lr=abc&lab.hidden=99999', async (p) => { await p.getByLabel('Batch size').fill('0'); await p.waitForTimeout(300); });
await shoot(390, 'light', 'lesson-minibatches-390', '/lessons/mini-batches-and-epochs/');
await shoot(1280, 'light', 'lesson-lr-1280', '/lessons/the-learning-rate/');
await shoot(1280, 'dark', 'lesson-deeper-1280-dark-trained', '/lessons/going-deeper/', train);
console.log(JSON.stringify(errors));
await browser.close();
