/** Test helper: a small XML well-formedness parser for the JUnit reports of `migdev check`. */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A small XML 1.0 well-formedness parser, enough for JUnit reports: prolog, elements, attributes,
 * character and entity references, self-closing tags. Throws on anything malformed (unbalanced
 * or mismatched tags, unquoted attributes, a raw `<` or `&`, characters XML forbids, trailing text).
 * It walks the text character by character; no regular expression decides the structure.
 */
export function parseXml(src: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`XML not well-formed at ${i}: ${why}`);
  };
  const isNameChar = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '-' || c === '_' || c === '.' || c === ':';
  const allowed = (code: number): boolean => code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
  const name = (): string => {
    const start = i;
    while (i < src.length && isNameChar(src[i]!)) i++;
    if (i === start) fail('name expected');
    return src.slice(start, i);
  };
  const space = (): void => {
    while (src[i] === ' ' || src[i] === '\n' || src[i] === '\t' || src[i] === '\r') i++;
  };
  const reference = (): string => {
    const end = src.indexOf(';', i);
    if (end < 0) fail('unterminated reference');
    const ref = src.slice(i + 1, end);
    i = end + 1;
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ref in named) return named[ref]!;
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return fail(`unknown entity &${ref};`);
  };
  const chars = (stop: string): string => {
    let out = '';
    while (i < src.length && src[i] !== stop) {
      const c = src[i]!;
      if (c === '<') fail('raw < in text or attribute');
      if (c === '&') {
        out += reference();
        continue;
      }
      const code = src.codePointAt(i)!;
      if (!allowed(code)) fail(`forbidden character U+${code.toString(16)}`);
      out += String.fromCodePoint(code);
      i += code > 0xffff ? 2 : 1;
    }
    return out;
  };
  const element = (): XmlElement => {
    if (src[i] !== '<') fail('< expected');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      space();
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      const key = name();
      space();
      if (src[i] !== '=') fail('= expected');
      i++;
      space();
      const q = src[i];
      if (q !== '"' && q !== "'") fail('quoted attribute value expected');
      i++;
      if (key in el.attrs) fail(`attribute ${key} twice`);
      el.attrs[key] = chars(q!);
      i++;
    }
    for (;;) {
      if (i >= src.length) fail(`unclosed <${el.name}>`);
      if (src.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        space();
        if (src[i] !== '>') fail('> expected');
        i++;
        return el;
      }
      if (src[i] === '<') el.children.push(element());
      else el.text += chars('<');
    }
  };
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) fail('unterminated prolog');
    i = end + 2;
  }
  space();
  const root = element();
  space();
  if (i !== src.length) fail('content after the root element');
  return root;
}

export function all(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];
}
