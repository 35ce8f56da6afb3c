/**
 * The only way the pack's script makes elements: createElement and textContent. Every string in a pack
 * is text from users or pages (a clipped page, a teammate's note, an imported plan), so none of it is
 * ever parsed as markup: there is no innerHTML, insertAdjacentHTML or document.write anywhere here.
 */

type Child = Node | string | null | undefined | false;

export interface Props {
  className?: string;
  id?: string;
  /** Set with setAttribute; values are text, never parsed. */
  attrs?: Record<string, string>;
  testid?: string;
  hidden?: boolean;
}

/** An element with optional props and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props) applyProps(node, props);
  append(node, children);
  return node;
}

/** An element holding only text: the common case, kept to one call. */
export function textEl<K extends keyof HTMLElementTagNameMap>(tag: K, text: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = text;
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: Child[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  append(node, children);
  return node;
}

function applyProps(node: Element, props: Props): void {
  if (props.className) node.className = props.className;
  if (props.id) node.id = props.id;
  if (props.testid) node.setAttribute('data-testid', props.testid);
  if (props.hidden) node.setAttribute('hidden', '');
  if (props.attrs) for (const [name, value] of Object.entries(props.attrs)) node.setAttribute(name, value);
}

function append(node: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Text only a screen reader reads (the visual layout says it another way). */
export const visuallyHidden = (text: string) => textEl('span', text, 'visually-hidden');

/**
 * A link to a source's address, only when it is http(s). The model already holds only such addresses;
 * the check is repeated here because a link is where a script URL would do harm.
 */
export function externalLink(url: string | null, text: string): HTMLAnchorElement | null {
  if (!url || !isHttpUrl(url)) return null;
  const a = textEl('a', text);
  a.href = url;
  a.rel = 'noopener noreferrer';
  return a;
}

export function isHttpUrl(url: string): boolean {
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export function headerCell(text: string, scope: 'col' | 'row'): HTMLTableCellElement {
  const cell = textEl('th', text);
  cell.scope = scope;
  return cell;
}
