import type { NotificationKind } from '@clmb/drizzle/users';
import type { Mail } from './mailer';

// Plain text only: nothing to render wrongly, nothing remote to load. Links point at the app
// (APP_URL), which calls the matching mutation with the token from the link.
const link = (appUrl: string, path: string, token: string) => `${appUrl.replace(/\/$/, '')}${path}?token=${encodeURIComponent(token)}`;

// Opened without the account's login or password, a link that gives the account this address also ends what
// whoever set the account up had (verification.ts): the reader should know before opening it.
const OPEN_LOGGED_IN =
  'Open it where you are logged in to clmb, or enter your password on the page it opens. Otherwise it also logs the account out everywhere and clears its password; then choose a new one with "Forgot password".';

export function verificationMail(to: string, appUrl: string, token: string): Mail {
  const url = link(appUrl, '/verify-email', token);
  return {
    to,
    subject: 'Confirm your email address for clmb',
    text: `Confirm that this is your email address for clmb by opening this link within 24 hours:\n\n${url}\n\n${OPEN_LOGGED_IN}\n\nIf you did not sign up for clmb, ignore this message.\n`,
    link: url,
  };
}

export function signUpAttemptMail(to: string, appUrl: string): Mail {
  const url = `${appUrl.replace(/\/$/, '')}/forgot-password`;
  return {
    to,
    subject: 'Someone tried to sign up to clmb with your email address',
    text: `Someone just tried to create a clmb account with this email address, which already has one.\n\nIf it was you: log in instead, or reset your password at\n\n${url}\n\nIf it was not you, you need not do anything: no account was created.\n`,
    link: url,
  };
}

export function confirmNewEmailMail(to: string, appUrl: string, token: string): Mail {
  const url = link(appUrl, '/verify-email', token);
  return {
    to,
    subject: 'Confirm your new email address for clmb',
    text: `Make this your clmb email address by opening this link within 24 hours:\n\n${url}\n\n${OPEN_LOGGED_IN}\n\nIf you did not ask for this, ignore this message.\n`,
    link: url,
  };
}

export function emailChangeNoticeMail(to: string, newEmail: string): Mail {
  return {
    to,
    subject: 'Your clmb email address is being changed',
    text: `Someone logged in to your clmb account asked to change its email address to ${newEmail}. It changes once that address confirms.\n\nIf this was not you, reset your password now: it logs every device out.\n`,
  };
}

export function passwordResetMail(to: string, appUrl: string, token: string): Mail {
  const url = link(appUrl, '/reset-password', token);
  return {
    to,
    subject: 'Reset your clmb password',
    text: `Choose a new clmb password by opening this link within 1 hour:\n\n${url}\n\nResetting logs you out on every device. If you did not ask for this, ignore this message: your password stays as it is.\n`,
    link: url,
  };
}

/** What a notification mail says: its kind, who did it (a username) and, for a route coming down, when. */
export interface NotificationMailFacts {
  kind: NotificationKind;
  actor: string | null;
  plannedStripAt: Date | null;
}

function notificationLine({ kind, actor, plannedStripAt }: NotificationMailFacts): string {
  const who = actor ?? 'A climber';
  switch (kind) {
    case 'NEW_FOLLOWER':
      return `${who} started following you.`;
    case 'FOLLOW_REQUEST':
      return `${who} asked to follow you.`;
    case 'FOLLOW_ACCEPTED':
      return `${who} accepted your follow request.`;
    case 'KUDOS':
      return `${who} gave you kudos.`;
    case 'COMMENT':
      return `${who} commented on your climbing.`;
    case 'PROJECT_COMING_DOWN':
      return `A route you are projecting is planned to come down${plannedStripAt ? ` on ${plannedStripAt.toISOString().slice(0, 10)}` : ''}.`;
    case 'LEADERBOARD_PLACE_TAKEN':
      return `${who} moved past you on a gym's leaderboard.`;
  }
}

/** A notification the recipient asked to get by mail (Preferences.notifications); the app shows the rest. */
export function notificationMail(to: string, appUrl: string, facts: NotificationMailFacts): Mail {
  const base = appUrl.replace(/\/$/, '');
  const line = notificationLine(facts);
  return {
    to,
    subject: `clmb: ${line}`,
    text: `${line}\n\nSee it in the app: ${base}/notifications\n\nYou get this mail because you turned it on in your clmb preferences; turn it off there at ${base}/preferences.\n`,
    link: `${base}/notifications`,
  };
}
