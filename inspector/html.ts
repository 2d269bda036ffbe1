// HTML built from templates whose every interpolated value is escaped, unless it is itself HTML
// built here: the inspector shows ids and codes that came in webhooks, and none may become markup.

const SAFE = Symbol('safe-html');

/** A piece of HTML that is already safe to write into a page. */
export interface SafeHtml {
  readonly [SAFE]: true;
  readonly text: string;
}

/** A value a template accepts: text (escaped), numbers, HTML built here, lists of those. */
export type HtmlValue =
  | SafeHtml
  | string
  | number
  | null
  | undefined
  | false
  | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text with the five characters that can end a text node or an attribute value escaped. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const isSafe = (value: unknown): value is SafeHtml =>
  typeof value === 'object' && value !== null && SAFE in value;

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (isSafe(value)) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Wraps text known to be markup (the page's own constants): never call it with input. */
export const trusted = (text: string): SafeHtml => ({ [SAFE]: true, text });

/** The template tag: `html\`<td>${sessionId}</td>\`` escapes the session id. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let text = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) text += render(values[i]) + (strings[i + 1] ?? '');
  return trusted(text);
}
