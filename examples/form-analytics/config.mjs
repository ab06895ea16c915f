// The running configuration of the form-analytics processor, in one place. The retention rules
// here are the objects the deletion sweep runs AND the objects the DPA and the privacy notice
// print, so the documents cannot promise one thing while the code does another (`check.mjs`
// proves it on every start).

/** Retention rules in the shape `@privkit/retention` runs and `@privkit/dpa` prints. */
export const retentionRules = [
  {
    id: 'visits-24h',
    category: 'visitor-id',
    purpose: 'form-analytics',
    legalBasis: 'Art. 6(1)(f) GDPR',
    citation: 'Services privacy policy §4: erased no later than 24 hours after receipt',
    period: 'PT24H',
  },
  {
    id: 'security-ip-7d',
    category: 'ip-address',
    purpose: 'security',
    legalBasis: 'Art. 6(1)(f) GDPR',
    citation: 'Services privacy policy §2(c) and §4: IP address kept up to 7 days for security',
    period: 'P7D',
  },
  {
    id: 'aggregates-90d',
    category: 'anonymous-statistics',
    purpose: 'form-analytics',
    citation: 'Services privacy policy §1: anonymous data deleted after 90 days',
    period: 'P90D',
  },
];

/** Where each category lives: its table, and the column naming the data subject (for holds). */
export const storage = {
  'visitor-id': { table: 'visits', subject: 'visitor' },
  'ip-address': { table: 'security_log', subject: null },
  'anonymous-statistics': { table: 'daily_stats', subject: null },
};

export const config = {
  /** The processor (us) and its customers, the controllers whose sites send events. */
  processor: {
    id: 'exatom-demo',
    name: 'Form Analytics Demo BV',
    address: 'Interleuvenlaan 62 bus 49, 3001 Leuven',
    country: 'BE',
    email: 'privacy@form-analytics.example',
  },
  customers: {
    'shop-example': {
      name: 'Shop Example NV',
      country: 'BE',
      email: 'dpo@shop.example',
      /** Where data-subject requests are forwarded (the controller's DSAR inbox). */
      inbox: 'https://shop.example/privacy/requests',
      /** The customer's API token (an example value: real ones come from a secret store). */
      token: 'example-token-shop',
    },
    'news-example': {
      name: 'News Example GmbH',
      country: 'DE',
      email: 'datenschutz@news.example',
      inbox: 'https://news.example/privacy/requests',
      token: 'example-token-news',
    },
  },
  /** Proxies in front of the ingestion endpoint: only these may set X-Forwarded-For. */
  trustProxy: ['loopback', 'private'],
  /** The security copy keeps /24 of IPv4 and /48 of IPv6 (`ga` preset): enough to block a range. */
  securityCopyPreset: 'ga',
  /** Daily visitor ids: days in UTC; salts deleted 30 minutes after the day ends. */
  visitorHash: { grace: 'PT30M' },
  /** Data-subject requests are forwarded to the customer within this many days (DPA §6.2). */
  dsar: { forwardWithinDays: 2 },
  /** Countries with fewer visitors than this on a day are reported as "other" (k-anonymity). */
  minVisitorsPerCountry: 3,
  retentionRules,
  storage,
};
