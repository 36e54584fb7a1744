/** What every dashboard page must satisfy in a browser, read from the live page. */
import type { Page } from 'playwright-core';

/** How many pixels the page is wider than the viewport (0: no sideways scrolling). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth);
}

/** Pairs of visible marker labels, within one chart, whose boxes intersect. */
export function overlappingMarkerLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const svg of Array.from(document.querySelectorAll('svg.chart'))) {
      const boxes = Array.from(svg.querySelectorAll('[data-testid="event-marker"] text')).map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect() }));
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!.box;
          const b = boxes[j]!.box;
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push(`${boxes[i]!.text} / ${boxes[j]!.text}`);
        }
      }
    }
    return out;
  });
}

/** Text of the element's descendants that overflow the viewport on the right. */
export function clippedText(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('main *'))
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && el.getClientRects().length > 0)
      .map((el) => `${el.tagName}: ${(el.textContent ?? '').slice(0, 40)}`),
  );
}
