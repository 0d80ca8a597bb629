// Triggers and sticky notes are drawn as cards on the canvas; their canvas ids never collide with node ids.

export function triggerCardId(triggerId: string): string {
  return `trigger:${triggerId}`;
}

/** The trigger id behind a canvas id, or null for anything else. */
export function triggerIdOfCard(cardId: string): string | null {
  return cardId.startsWith('trigger:') ? cardId.slice('trigger:'.length) : null;
}

export function noteCardId(noteId: string): string {
  return `note:${noteId}`;
}

/** The sticky note id behind a canvas id, or null for anything else. */
export function noteIdOfCard(cardId: string): string | null {
  return cardId.startsWith('note:') ? cardId.slice('note:'.length) : null;
}

/** True for ids of flow steps (not entry cards, not notes). */
export function isStepId(cardId: string): boolean {
  return triggerIdOfCard(cardId) === null && noteIdOfCard(cardId) === null;
}
