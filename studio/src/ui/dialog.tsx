import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** False for a choice the person must make: Escape and clicks outside do nothing. */
  dismissible?: boolean;
}

/**
 * A modal built on the native <dialog>: the browser traps focus, closes on Escape and
 * returns focus to the opener. Render it only while it is open.
 */
export function Dialog({ title, onClose, children, dismissible = true }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  // No close() on cleanup: it would fire `close` (and onClose) when StrictMode re-runs effects.
  // Unmounting removes the element, which takes it out of the top layer anyway.
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => !dismissible && event.preventDefault()}
      onClick={(event) => dismissible && event.target === ref.current && onClose()}
    >
      <div className="dialog-body">
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </dialog>
  );
}
