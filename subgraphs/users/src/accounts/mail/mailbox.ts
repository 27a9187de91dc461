// Gmail delivers googlemail.com to the same inboxes and ignores dots in the local part.
const GMAIL = new Set(['gmail.com', 'googlemail.com']);

/**
 * The inbox an address reaches, as far as it can be told from the address: lower-case, without a
 * `+tag` (sub-addressing, which most providers deliver to the untagged inbox), and for Gmail
 * without dots and with googlemail.com as gmail.com. Only for counting mail per inbox: never
 * stored or mailed to.
 */
export function mailbox(address: string): string {
  const lower = address.toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 0) return lower;
  const domain = lower.slice(at + 1);
  const untagged = lower.slice(0, at).split('+')[0] ?? '';
  if (GMAIL.has(domain)) return `${untagged.replaceAll('.', '')}@gmail.com`;
  return `${untagged}@${domain}`;
}
