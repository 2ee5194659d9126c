/** Parses PermissionSet source XML back (saxes, a real XML parser) for tests: children in document order. */
import { SaxesParser } from 'saxes';

export interface XmlNode {
  name: string;
  text: string;
  children: XmlNode[];
}

export function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlNode = { name: '#root', text: '', children: [] };
  const stack: XmlNode[] = [root];
  parser.on('opentag', (t) => {
    const n: XmlNode = { name: t.local, text: '', children: [] };
    stack[stack.length - 1].children.push(n);
    stack.push(n);
  });
  parser.on('text', (t) => {
    stack[stack.length - 1].text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  return root.children[0];
}

export function child(n: XmlNode, name: string): string {
  const c = n.children.find((x) => x.name === name);
  if (!c) throw new Error(`no <${name}> in <${n.name}>`);
  return c.text;
}

/** Object → granted levels as a compact code (R, C, E, D, V, M), as the XML says. */
export function objectGrants(ps: XmlNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of ps.children.filter((c) => c.name === 'objectPermissions')) {
    const flags: [string, string][] = [
      ['allowRead', 'R'],
      ['allowCreate', 'C'],
      ['allowEdit', 'E'],
      ['allowDelete', 'D'],
      ['viewAllRecords', 'V'],
      ['modifyAllRecords', 'M'],
    ];
    out[child(o, 'object')] = flags
      .filter(([k]) => child(o, k) === 'true')
      .map(([, c]) => c)
      .join('');
  }
  return out;
}
