/** Asks `attempt` again until it holds; a revocation must take effect everywhere within 5 seconds. */
export async function within5s(attempt: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (await attempt()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return attempt();
}
