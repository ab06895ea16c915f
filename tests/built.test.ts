/**
 * @module
 * What the build must keep of the source. The bundler drops code it judges free of side effects:
 * `@privkit/dsar` marks the states it makes with a private field set through a constructor, and a
 * bare `new Made(state)` was dropped from the build, so the built package checked and copied every
 * state again (a third of the source's speed in `transition`), which its own unit tests, run on
 * the source, could not see. This runs on the built package, as an application does.
 */
import { openRequest, transition } from '@privkit/dsar';
import { describe, expect, it } from 'vitest';

describe('@privkit/dsar as built', () => {
  it('recognises the states it made (not checked and copied again); a copy of one is checked', () => {
    const first = openRequest({
      type: 'receive',
      at: '2025-01-31T09:30:00Z',
      id: 'REQ-1',
      regime: 'gdpr',
      right: 'access',
      subject: 's1',
      timeZone: 'Europe/Paris',
      channel: 'email',
    });
    const second = transition(first, { type: 'identity-verified', at: '2025-02-01T10:00:00Z' });
    expect(second.linked).toBe(first.linked);
    expect(second.identifiers).toBe(first.identifiers);
    const copy = { ...second };
    expect(transition(copy, { type: 'acknowledge', at: '2025-02-01T11:00:00Z' }).linked).not.toBe(copy.linked);
  });
});
