/** Offers `value` as a pretty-printed JSON file download named `fileName`. */
export function downloadJson(fileName: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked after the click has been handled, or some browsers cancel the download.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from a display name: letters, digits and dashes, never empty. */
export function jsonFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'flow'}.json`;
}

/** Reads a chosen file as a JSON object; the error says in plain words what is wrong with it. */
export async function readJsonObject(file: File): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; error: string }> {
  let text: string;
  try {
    text = await file.text();
  } catch {
    return { ok: false, error: `“${file.name}” could not be read.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `“${file.name}” is not valid JSON (${error instanceof Error ? error.message : 'parse error'}).` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: `“${file.name}” does not hold a flow: expected a JSON object.` };
  return { ok: true, value: value as Record<string, unknown> };
}
