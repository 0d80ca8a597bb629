export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __parleyEmbeddedPg?: { stop(): Promise<void> } }).__parleyEmbeddedPg;
  await embedded?.stop();
}
