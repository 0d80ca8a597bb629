import { useCallback, useEffect, useState, type DependencyList } from 'react';

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: unknown };

/**
 * Loads data for a screen and reloads it on demand. Answers that arrive after the screen
 * moved on (unmount, or new deps) are dropped, so a slow old request never overwrites a new one.
 */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList): [Resource<T>, () => void] {
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  // The caller lists what `load` depends on, as with useEffect.
  const stableLoad = useCallback(load, deps);

  useEffect(() => {
    let current = true;
    stableLoad().then(
      (data) => current && setResource({ status: 'ready', data }),
      (error: unknown) => current && setResource({ status: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [stableLoad, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return [resource, reload];
}
