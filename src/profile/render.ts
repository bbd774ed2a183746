import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-md.js';
import { renderText, type TextStyle } from './render-text.js';
import type { Profile } from './types.js';

export type ProfileFormat = 'table' | 'md' | 'html' | 'json';

export function renderJson(p: Profile): string {
  return `${JSON.stringify(p, null, 2)}\n`;
}

export function renderProfile(p: Profile, format: ProfileFormat, opts: { width?: number; style?: TextStyle | undefined } = {}): string {
  switch (format) {
    case 'table':
      return renderText(p, { ...(opts.width !== undefined ? { width: opts.width } : {}), ...(opts.style ? { style: opts.style } : {}) });
    case 'json':
      return renderJson(p);
    case 'md':
      return renderMarkdown(p);
    case 'html':
      return renderHtml(p);
  }
}
