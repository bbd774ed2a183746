/** Text for an XML/HTML text node or attribute value: `&`, `<`, `>`, `"`, `'` escaped; control characters dropped. */
export function escapeXml(text: string): string {
  return (
    text
      // Control characters other than tab and line ends are not allowed in XML 1.0 at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
  );
}

export type Attrs = Readonly<Record<string, string | number | undefined>>;

/** A number for an SVG attribute: at most two decimals, no `-0`. */
export function n(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

function attrs(a: Attrs): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    out += ` ${k}="${typeof v === 'number' ? n(v) : escapeXml(v)}"`;
  }
  return out;
}

/** One element; `children` are already-serialised markup (use `text()` for text). */
export function el(name: string, a: Attrs = {}, ...children: string[]): string {
  return children.length === 0 ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${children.join('')}</${name}>`;
}

/** A text node: always escaped. */
export function text(s: string): string {
  return escapeXml(s);
}
