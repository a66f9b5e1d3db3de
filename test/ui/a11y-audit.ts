/**
 * An accessibility audit run inside the page: every visible control has an
 * accessible name (aria-label, aria-labelledby, its <label>, its text or
 * title), and every visible text meets WCAG AA contrast against its effective
 * background (4.5:1, 3:1 for large text; disabled controls are exempt, as WCAG
 * allows). Kept as source text for page.evaluate, because tsx would wrap a
 * compiled function with helpers the page does not have.
 */
import type { Page } from 'playwright-core';

const script = String.raw`(() => {
  const problems = [];
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const text = (el) => (el ? el.textContent || '' : '').replace(/\s+/g, ' ').trim();
  const controls = document.querySelectorAll('button, input, select, textarea, [role="tab"], [role="timer"], output');
  for (const el of controls) {
    if (!visible(el) || el.type === 'hidden') continue;
    let name = el.getAttribute('aria-label') || '';
    const by = el.getAttribute('aria-labelledby');
    if (!name && by) name = by.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ');
    if (!name && el.labels && el.labels.length) name = [...el.labels].map(text).join(' ');
    if (!name && el.tagName === 'BUTTON') name = text(el);
    if (!name) name = el.getAttribute('title') || '';
    if (!name.trim()) problems.push('no accessible name: ' + el.outerHTML.slice(0, 120));
  }
  const parse = (s) => (s.match(/[\d.]+/g) || []).map(Number);
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (c) => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c;
    }
    return parse(getComputedStyle(document.documentElement).backgroundColor).length >= 3 ? [255, 255, 255] : [255, 255, 255];
  };
  const all = document.querySelectorAll('body *');
  for (const el of all) {
    if (!visible(el)) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    if (el.closest('button:disabled, select:disabled, input:disabled, [aria-hidden="true"]')) continue;
    const style = getComputedStyle(el);
    const fg = parse(style.color);
    const bg = background(el);
    const a = lum(fg), b = lum(bg);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const need = large ? 3 : 4.5;
    if (ratio < need) problems.push('contrast ' + ratio.toFixed(2) + ' < ' + need + ' for "' + text(el).slice(0, 40) + '" (' + style.color + ' on rgb(' + bg.slice(0, 3).join(', ') + '))');
  }
  return problems;
})()`;

/** The problems found on the page as it is now; empty when it passes. */
export async function auditPage(page: Page): Promise<string[]> {
  return (await page.evaluate(script)) as string[];
}
