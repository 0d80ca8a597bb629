import { FakeServer } from './fake-server';

/** A custom-channel bridge receiving Parley's signed replies (answers `{id}`). */
export function customBridgeFake() {
  let n = 0;
  return new FakeServer((req) => (req.method === 'POST' ? { status: 200, body: { id: `out-${++n}` } } : { status: 404, body: { error: 'not found' } }));
}
