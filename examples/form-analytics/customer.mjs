// The other side: the customer (the controller) answering a request its processor forwarded.
// It runs its own @privkit/dsar workflow with the GDPR's one-month deadline (Art. 12(3)),
// instructs the processor over HTTP, and fulfils the request with the export bundle's outcomes.
// In production this is the customer's privacy desk; here it is a function, so the demo and
// the self-check can play both roles.
import { createDsarService, createMemoryDsarStore } from '@privkit/dsar';
import { dueDates } from '@privkit/dsar/deadlines';

/** A controller's desk for one customer. */
export function createCustomerDesk({ customer, token, baseUrl, now = Date.now }) {
  const service = createDsarService({ store: createMemoryDsarStore() });
  const iso = () => new Date(now()).toISOString();

  return {
    service,
    /**
     * Handles one forwarded message: opens the controller's request, treats the visitor as
     * verified (the request came from the browser that made the events, and the processor
     * matched it), instructs the processor, and closes the request with the outcomes.
     * Returns the closed state, its deadlines and what the processor returned.
     */
    async answer(message) {
      const id = `${customer}-${message.request}`;
      await service.receive({
        type: 'receive',
        at: message.receivedAt,
        id,
        regime: 'gdpr',
        right: message.right,
        // The processor's request id is the only handle on the subject the customer has.
        subject: message.request,
        timeZone: 'Europe/Brussels',
        channel: 'processor-forward',
      });
      await service.apply(id, {
        type: 'identity-verified',
        at: iso(),
        note: 'matched by the processor from the visiting browser',
      });
      const action = message.right === 'erasure' ? 'erase' : 'export';
      const response = await fetch(`${baseUrl}/v1/requests/instruct`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ customer, id: message.request, action }),
      });
      if (!response.ok) throw new Error(`the processor answered ${response.status}: ${await response.text()}`);
      const result = await response.json();
      const outcomes = action === 'export' ? result.bundle.outcomes : result.outcomes;
      const state = await service.apply(id, { type: 'fulfil', at: iso(), outcomes });
      return { state, due: dueDates(state), verified: (await service.verify(id)).valid, processor: result };
    },
  };
}
