/**
 * Fills `{placeholder}` templates. One pass over the template, so a value
 * that itself contains `{name}` is never expanded again. For URLs every value
 * is percent-encoded (`encodeURIComponent`) and the result must still be an
 * http(s) URL; for command arguments the raw value goes into one argv entry
 * (no shell ever sees it).
 */
import { isHttpUrl, TEMPLATE_FIELDS, type TemplateField } from '../../common/models/integrations';
import { err, ok, type Result } from '../../common/result';

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;
/** Longest value put into a template, characters (a hostile display name can be huge). */
export const MAX_VALUE_CHARS = 256;

function isField(name: string): name is TemplateField {
  return (TEMPLATE_FIELDS as readonly string[]).includes(name);
}

/** Replaces every known placeholder with `encode(value)`; unknown ones stay as written. */
export function fillTemplate(template: string, values: Readonly<Record<TemplateField, string>>, encode: (v: string) => string = (v) => v): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (isField(name) ? encode(values[name].slice(0, MAX_VALUE_CHARS)) : whole));
}

/** The screen-pop URL for `values`, or an error when it is not http(s). */
export function screenPopUrl(template: string, values: Readonly<Record<TemplateField, string>>): Result<string> {
  const url = fillTemplate(template, values, encodeURIComponent);
  if (!isHttpUrl(url)) return err('INVALID_CONFIG', 'The screen-pop URL is not an http:// or https:// address.');
  return ok(url);
}

/** The argv of a command hook: each template filled with raw values, control characters removed. */
export function commandArgs(templates: readonly string[], values: Readonly<Record<TemplateField, string>>): string[] {
  // eslint-disable-next-line no-control-regex
  return templates.map((t) => fillTemplate(t, values, (v) => v.replace(/[\u0000-\u001f\u007f]/g, '')));
}
