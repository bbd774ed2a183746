/**
 * A small pull parser for the SpreadsheetML subset migdev reads. It refuses DTDs (and so
 * entity declarations: no entity is ever expanded but the five XML predefined ones and numeric
 * character references), skips comments and processing instructions, and strips namespace
 * prefixes from element and attribute names (`x:row` → `row`, `r:id` → `id`).
 */
export interface XmlHandler {
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export class XmlError extends Error {}

/** Text with its entity and character references replaced; any other reference is an error. */
export function decodeText(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&([^;&<]{0,12});/g, (whole, ref: string) => {
    const pre = PREDEFINED[ref];
    if (pre !== undefined) return pre;
    const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
    if (m) {
      const cp = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
      if (cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) return String.fromCodePoint(cp);
    }
    throw new XmlError(`the reference ${whole} is not one XML defines`);
  });
}

function localName(name: string): string {
  const c = name.indexOf(':');
  return c < 0 ? name : name.slice(c + 1);
}

const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Parses `text` (a whole part of the workbook), calling the handler for each tag and text run. */
export function parseXml(text: string, handler: XmlHandler): void {
  const n = text.length;
  let p = 0;
  while (p < n) {
    const lt = text.indexOf('<', p);
    if (lt < 0) {
      if (p < n) handler.text(decodeText(text.slice(p)));
      return;
    }
    if (lt > p) handler.text(decodeText(text.slice(p, lt)));
    const c = text.charCodeAt(lt + 1);
    if (c === 0x3f /* ? */) {
      const e = text.indexOf('?>', lt + 2);
      if (e < 0) throw new XmlError('a processing instruction is never closed');
      p = e + 2;
      continue;
    }
    if (c === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const e = text.indexOf('-->', lt + 4);
        if (e < 0) throw new XmlError('a comment is never closed');
        p = e + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', lt)) {
        const e = text.indexOf(']]>', lt + 9);
        if (e < 0) throw new XmlError('a CDATA section is never closed');
        handler.text(text.slice(lt + 9, e));
        p = e + 3;
        continue;
      }
      throw new XmlError('the part has a DTD (<!DOCTYPE or <!ENTITY), which a workbook never needs: refused');
    }
    // Find the end of the tag, stepping over quoted attribute values (they may hold '>').
    let q = lt + 1;
    let quote = 0;
    for (; q < n; q++) {
      const ch = text.charCodeAt(q);
      if (quote !== 0) {
        if (ch === quote) quote = 0;
      } else if (ch === 0x22 || ch === 0x27) quote = ch;
      else if (ch === 0x3e) break;
    }
    if (q >= n) throw new XmlError('a tag is never closed');
    if (c === 0x2f /* / */) {
      handler.close(localName(text.slice(lt + 2, q).trim()));
      p = q + 1;
      continue;
    }
    const selfClosing = text.charCodeAt(q - 1) === 0x2f;
    const body = text.slice(lt + 1, selfClosing ? q - 1 : q);
    let nameEnd = 0;
    while (nameEnd < body.length && !/[\s/]/.test(body[nameEnd]!)) nameEnd++;
    const name = localName(body.slice(0, nameEnd));
    const attrs: Record<string, string> = {};
    if (nameEnd < body.length) {
      ATTR.lastIndex = nameEnd;
      for (let m = ATTR.exec(body); m; m = ATTR.exec(body)) {
        const key = m[1]!;
        if (key.startsWith('xmlns')) continue;
        attrs[localName(key)] = decodeText(m[2] ?? m[3] ?? '');
      }
    }
    handler.open(name, attrs, selfClosing);
    if (selfClosing) handler.close(name);
    p = q + 1;
  }
}
