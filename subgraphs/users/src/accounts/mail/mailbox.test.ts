import { describe, expect, it } from 'vitest';
import { mailbox } from './mailbox';

describe('mailbox', () => {
  it('is the address lower-cased, without a +tag', () => {
    expect(mailbox('Ada+News@Example.com')).toBe('ada@example.com');
    expect(mailbox('ada+a+b@example.com')).toBe('ada@example.com');
    expect(mailbox('ada.lovelace@example.com')).toBe('ada.lovelace@example.com');
  });

  it('drops dots for Gmail and reads googlemail.com as gmail.com', () => {
    expect(mailbox('A.da.Love+1@gmail.com')).toBe('adalove@gmail.com');
    expect(mailbox('ada.love@GoogleMail.com')).toBe('adalove@gmail.com');
  });

  it('keeps an address without @ whole, lower-cased', () => {
    expect(mailbox('Not+An.Address')).toBe('not+an.address');
  });
});
