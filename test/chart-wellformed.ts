/**
 * A minimal XML well-formedness checker for the SVG and (XHTML-style) HTML migdev writes:
 * tags balanced and properly nested, attributes quoted and not repeated, only the five
 * predefined entities or numeric references, no raw `<` or `&` in text. Throws with the offset.
 */
export function checkWellFormed(doc: string): { elements: number; texts: string[] } {
  let s = doc.replace(/^\uFEFF/, '');
  s = s.replace(/^<\?xml[^?]*\?>\s*/, '').replace(/^<!DOCTYPE html>\s*/i, '');
  const stack: string[] = [];
  const texts: string[] = [];
  let elements = 0;
  let i = 0;
  let roots = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${i}: …${s.slice(Math.max(0, i - 40), i + 40)}…`);
  };
  const checkText = (t: string): void => {
    if (t.includes('<') || t.includes('>')) fail('raw < or > in text');
    for (const m of t.matchAll(/&([^;\s]*);?/g)) {
      if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(m[0])) fail(`bad entity ${m[0]}`);
    }
  };
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const text = s.slice(i, lt < 0 ? s.length : lt);
    if (text.trim() !== '') {
      if (stack.length === 0) fail('text outside the root element');
      checkText(text);
      texts.push(text);
    }
    if (lt < 0) break;
    i = lt;
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i);
      if (end < 0) fail('unclosed comment');
      i = end + 3;
      continue;
    }
    const gt = s.indexOf('>', i);
    if (gt < 0) fail('unclosed tag');
    const tag = s.slice(i + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) fail(`</${name}> closes <${open ?? 'nothing'}>`);
    } else {
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const m = /^([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*$/.exec(body);
      if (!m) fail(`malformed tag <${tag}>`);
      const seen = new Set<string>();
      for (const a of m![2]!.matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
        if (seen.has(a[1]!)) fail(`attribute ${a[1]} twice`);
        seen.add(a[1]!);
        checkText(a[3] ?? a[4] ?? '');
      }
      if (stack.length === 0) roots++;
      if (roots > 1) fail('more than one root element');
      elements++;
      if (!selfClosing) stack.push(m![1]!);
    }
    i = gt + 1;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('> <')}>`);
  if (elements === 0) throw new Error('no element');
  return { elements, texts };
}
