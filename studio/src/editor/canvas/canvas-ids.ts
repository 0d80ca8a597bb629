// Triggers are drawn as entry cards on the canvas; their canvas ids never collide with node ids.

export function triggerCardId(triggerId: string): string {
  return `trigger:${triggerId}`;
}

/** The trigger id behind a canvas id, or null for a flow node. */
export function triggerIdOfCard(cardId: string): string | null {
  return cardId.startsWith('trigger:') ? cardId.slice('trigger:'.length) : null;
}
