/**
 * Turns zod failures into one readable sentence, naming each bad field, so a
 * user or a script sees exactly what to fix.
 */
import type { z } from 'zod';

/** Formats `error` as `field: problem; other.field: problem`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.join(', ');
        return `${path ? `${path}: ` : ''}unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
      }
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
