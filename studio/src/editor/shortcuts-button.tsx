import { useState } from 'react';
import { Dialog } from '../ui/dialog';

const SHORTCUTS: [string, string][] = [
  ['Ctrl/⌘ + Z', 'Undo'],
  ['Shift + Ctrl/⌘ + Z, Ctrl + Y', 'Redo'],
  ['Ctrl/⌘ + C, X, V', 'Copy, cut and paste selected steps (also between flows)'],
  ['Ctrl/⌘ + D', 'Duplicate selected steps'],
  ['Ctrl/⌘ + F', 'Search steps by text or variable; Enter for the next match'],
  ['Delete, Backspace', 'Delete selected steps or connections'],
  ['Ctrl/⌘ + click', 'Add a step to the selection'],
  ['Shift + drag', 'Select the steps in an area'],
  ['Tab, Enter', 'Move between steps and select one'],
  ['Arrow keys', 'Move the selected steps'],
];

/** Lists the editor's keyboard shortcuts. */
export function ShortcutsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button-secondary button-small" onClick={() => setOpen(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts">
        ?
      </button>
      {open && (
        <Dialog title="Keyboard shortcuts" onClose={() => setOpen(false)}>
          <table className="shortcuts">
            <tbody>
              {SHORTCUTS.map(([keys, action]) => (
                <tr key={keys}>
                  <th scope="row">
                    <kbd>{keys}</kbd>
                  </th>
                  <td>{action}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button type="button" className="button" onClick={() => setOpen(false)} autoFocus>
              Close
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
