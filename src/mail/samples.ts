import type { MessageData, MessageName } from "./messages.js";

const person = { recipientName: "Jane Doe", trackingNumber: "RD-7K4M-9Q2X" };
const staffLink = { requestUrl: "http://localhost:3000/staff/requests/0b9e7d2c-7f1e-4c3a-9a55-0b7c6d1f9e21" };
const request = { trackingNumber: "RD-7K4M-9Q2X", kind: "access", jurisdiction: "US-CA", ...staffLink } as const;

/** Example data for every message, for `npm run mail:preview` and for the tests that render every template. */
export const samples: { [Name in MessageName]: MessageData<Name> } = {
  acknowledgement: {
    ...person,
    kind: "opt_out",
    optOutScopes: ["sale", "sharing"],
    receivedAt: "2026-11-20T15:00:00.000Z",
    respondBy: "2026-12-20",
  },
  verification: {
    ...person,
    code: "482913",
    verifyUrl: "http://localhost:3000/verify/example",
    expiresAt: "2026-11-23T15:00:00.000Z",
    closesOn: "2026-12-04",
    filedBy: { role: "authorized_agent", name: "Permission Slip" },
  },
  verification_reminder: { ...person, verifyUrl: "http://localhost:3000/verify/example", closesOn: "2026-12-04" },
  closed_unverified: { ...person, kind: "deletion", offerOptOutUrl: "http://localhost:3000/opt-out" },
  extension_notice: {
    ...person,
    newRespondBy: "2027-02-18",
    reason: "Your request covers several of our systems and we need more time to search them all.",
  },
  decision: {
    ...person,
    kind: "deletion",
    outcome: "denied",
    reason: "We must keep this data to meet a legal obligation.",
    explanation: "Tax law requires us to keep your invoices for seven years. We deleted everything else.",
    appealUrl: "http://localhost:3000/appeal/example",
    appealBy: "2027-02-18",
    regulator: {
      name: "the California Attorney General",
      url: "https://oag.ca.gov/contact/consumer-complaint-against-business-or-company",
    },
  },
  access_package_ready: {
    ...person,
    downloadUrl: "http://localhost:3000/packages/example",
    expiresAt: "2026-12-05T15:00:00.000Z",
    maxDownloads: 5,
    summaryOnly: false,
  },
  package_code: { ...person, code: "604211", expiresAt: "2026-11-28T15:30:00.000Z" },
  routed_to_controller: { ...person, controllerName: "Acme Retail Inc." },
  controller_notice: { ...request, controllerName: "Acme Retail Inc.", respondBy: "2027-01-04" },
  reviewer_reminder: { ...request, respondBy: "2026-12-20", daysLeft: 3 },
  overdue_escalation: { ...request, respondBy: "2026-12-20", daysOverdue: 2, tasksBehind: ["Billing"] },
  extension_window_closing: { ...request, extensionNoticeBy: "2027-01-04" },
  task_assigned: {
    ...person,
    recipientName: "Sam Owner",
    dataSystem: "Billing",
    kind: "access",
    dueOn: "2026-12-07",
    wantsRecords: true,
    subjectIdentifiers: "Name: Jane Doe\nE-mail: jane.doe@example.com",
    ...staffLink,
  },
  task_reminder: {
    recipientName: "Sam Owner",
    trackingNumber: "RD-7K4M-9Q2X",
    dataSystem: "Billing",
    dueOn: "2026-12-07",
    daysOverdue: 2,
    failed: false,
    ...staffLink,
  },
  appeal_received: { ...person, appealRespondBy: "2027-03-15" },
  appeal_decision: {
    ...person,
    outcome: "upheld",
    explanation: "We looked again at your request and the law that applies, and our answer stands.",
    regulator: { name: "the Colorado Attorney General", url: "https://coag.gov/file-complaint/" },
  },
  appeal_reminder: {
    trackingNumber: "RD-7K4M-9Q2X",
    jurisdiction: "US-VA",
    respondBy: "2027-01-19",
    daysLeft: 3,
    ...staffLink,
  },
  information_requested: {
    ...person,
    message: "Please tell us which of your two accounts the request is about: the one opened in 2019 or in 2023.",
  },
  withdrawal_confirmed: person,
  duplicate_closed: { ...person, originalTrackingNumber: "RD-3H8P-2W6N" },
};
