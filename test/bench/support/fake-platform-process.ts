import { FakeServer } from '../../fakes/fake-server';

/**
 * The bench's fake platform in a process of its own (`npm run bench:runtime` forks it), so answering the runtime's
 * sends does not compete with the bench's senders for one event loop. Each reply received is reported to the parent
 * as [contact, wall-clock ms], in batches every 5 ms; the parent matches replies to DMs.
 */
async function main() {
  let pending: Array<[string, number]> = [];
  const fake = await new FakeServer((req) => {
    pending.push([String(req.body.to), performance.timeOrigin + performance.now()]);
    return { status: 200, body: { id: 'x' } };
  }, { keepHistory: false }).start();
  setInterval(() => {
    if (!pending.length) return;
    process.send!({ replies: pending });
    pending = [];
  }, 5);
  process.send!({ url: fake.url, host: fake.host });
  process.on('disconnect', () => process.exit(0));
}

void main();
