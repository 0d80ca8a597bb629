/** The drag-and-drop data type the palette puts node types under. */
export const PALETTE_DRAG_TYPE = 'application/x-parley-node-type';
