// Credentials for the mock backend (dev sandbox and the screenshot suite). The `raw` texts look like the
// real thing but their proofs are not real: only the mock "verifies" them, by their credential id.

import type { Check, CredentialDetail, Critical, CriticalElement, Value as JsonValue } from "../bindings";
import { buildSdJwt, type SdJwtCredential } from "./sdjwt";

export type FixtureName =
  | "valid"
  | "expired"
  | "unknown"
  | "edc"
  | "invalid"
  | "revoked"
  | "suspended"
  | "ml"
  | "nlp"
  | "gdpr"
  | "phishing"
  | "sdjwt"
  | "badge";

export const FIXTURE_NAMES: FixtureName[] = ["valid", "expired", "unknown", "edc", "invalid", "revoked", "suspended", "ml", "nlp", "gdpr", "phishing", "sdjwt", "badge"];

export type Fixture = {
  /** The credential's own id (inside the raw text): how the mock recognises it. */
  credentialId: string;
  raw: string;
  /** The detail the backend would return (its summary.id is replaced by the wallet id on import). */
  detail: CredentialDetail;
  /** The backend refuses it (signature does not match). */
  refuse?: boolean;
  /** An SD-JWT credential: its disclosures, for previews and presentations. */
  sdJwt?: SdJwtCredential;
};

const el = (value: JsonValue): CriticalElement => ({ present: true, value });
const missing: CriticalElement = { present: false, value: null };

const DAY = 86_400_000;
/** Times relative to when the mock starts, so the ages a page shows ("12 days ago") stay true. */
const daysAgo = (n: number) => new Date(Math.floor((Date.now() - n * DAY) / 60_000) * 60_000).toISOString();
/** When the fixtures were last checked (offline). */
const CHECKED = daysAgo(2);
/** When the cached status lists were fetched (online checks were on then). */
export const STATUS_FETCHED = daysAgo(12);

function check(name: string, result: Check["result"], detail: string, purpose: string | null = null, checkedAt = CHECKED): Check {
  return { check: name, result, detail, checkedAt, purpose };
}

const validRaw = JSON.stringify(
  {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    id: "urn:uuid:5f0a8a2e-6f53-4b0b-9d0e-3c9a1c1d2e01",
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: "Introduction to Data Science",
    issuer: {
      id: "did:web:uni-example.eu",
      type: ["Profile"],
      name: "Example University of Applied Sciences",
      address: { type: ["Address"], addressCountryCode: "DE" },
    },
    validFrom: "2025-03-14T09:00:00Z",
    credentialSubject: {
      id: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
      type: ["AchievementSubject"],
      achievement: {
        id: "https://uni-example.eu/achievements/ds-101",
        type: ["Achievement"],
        achievementType: "MicroCredential",
        name: "Introduction to Data Science",
        description: "A five-week module on cleaning, exploring and modelling data with Python.",
        criteria: { narrative: "Pass the written exam and submit a graded project." },
        creditsAvailable: 5,
      },
    },
    proof: {
      type: "DataIntegrityProof",
      cryptosuite: "eddsa-rdfc-2022",
      created: "2025-03-14T09:00:00Z",
      verificationMethod: "did:web:uni-example.eu#key-1",
      proofPurpose: "assertionMethod",
      proofValue: "z3FXQjecWRn1KXSHrzTiJsuWL4rJ4gGm9sNQgeTRGdbhpRv8vRpUWKKNb7Gk5GW6q2Dx",
    },
  },
  null,
  2,
);

const validCritical: Critical = {
  learner: el("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"),
  title: el("Introduction to Data Science"),
  country: el("DE"),
  awardingBody: el({ id: "did:web:uni-example.eu", name: "Example University of Applied Sciences" }),
  issued: el("2025-03-14T09:00:00Z"),
  learningOutcomes: el([
    "Clean and explore a tabular data set with Python and pandas",
    "Choose and explain a suitable chart for a question about the data",
    "Fit, evaluate and explain a linear regression model",
  ]),
  workload: el({ credits: 5, unit: "ECTS" }),
  level: el({ eqf: 6, source: "alignment" }),
  assessment: el("Supervised written exam and a graded project"),
  participation: missing,
  qualityAssurance: missing,
};

const valid: Fixture = {
  credentialId: "urn:uuid:5f0a8a2e-6f53-4b0b-9d0e-3c9a1c1d2e01",
  raw: validRaw,
  detail: {
    learningOutcomes: [],
    selective: null,
    summary: {
      id: "",
      title: "Introduction to Data Science",
      issuer: "did:web:uni-example.eu",
      issuerName: "Example University of Applied Sciences",
      registry: null,
      issuerClaimedName: null,
      issued: "2025-03-14T09:00:00Z",
      format: "ob3-di",
      achievementId: "https://uni-example.eu/achievements/ds-101",
      credits: 5,
      creditUnit: "ECTS",
      eqfLevel: 6,
      skills: [
        "http://data.europa.eu/esco/skill/2a1a4a2e-0c6a-4b3c-9a0a-5a9a5b0b1c7d",
        "http://data.europa.eu/esco/skill/data-analytics",
      ],
      expires: null,
      verdict: "valid",
      status: "active",
      image: null,
    },
    description: "A five-week module on cleaning, exploring and modelling data with Python.",
    criteria:
      "To earn this credential you:\n\n1. **Pass** the supervised written exam (at least 50%).\n2. Submit a *graded project* analysing an open data set.\n\nSee the [module handbook](https://uni-example.eu/handbook/ds-101) or [this](javascript:alert(1)).\n\n<img src=x onerror=\"window.__xss = 1\"><script>window.__xss = 2</script>",
    learner: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    checks: [
      check("signature", "pass", "eddsa-rdfc-2022 proof by did:web:uni-example.eu#key-1"),
      check("issuer-key", "pass", "did:web:uni-example.eu lists key-1 for assertionMethod (cached DID document)"),
      check("validity", "pass", "Valid from 14 March 2025; no expiry date"),
      check(
        "status",
        "pass",
        "Last known: not revoked. The issuer's status list (https://uni-example.eu/status/3) was last checked 12 days ago (online checks are off; this is the last copy fetched).",
        "revocation",
        STATUS_FETCHED,
      ),
      check("registry", "warn", "Not looked up: you have not added any trust registry, so nothing here says the issuer is a recognised one."),
      check("schema", "pass", "OpenBadgeCredential 3.0"),
    ],
    critical: validCritical,
    importedAt: "2025-06-02T08:30:00Z",
    verifiedAt: CHECKED,
  },
};

const expiredRaw =
  "eyJhbGciOiJFUzI1NiIsInR5cCI6InZjK2p3dCIsImtpZCI6ImRpZDp3ZWI6Zmlyc3RhaWQuZXhhbXBsZSNrZXktMSJ9." +
  "eyJpc3MiOiJkaWQ6d2ViOmZpcnN0YWlkLmV4YW1wbGUiLCJqdGkiOiJ1cm46dXVpZDpmaXJzdC1haWQtMjAyMiIsIm5hbWUiOiJGaXJzdCBBaWQgYXQgV29yayJ9." +
  "MEUCIQDx2b0b8m1uYt3JqQkq3w3d8KqkzK1h8b6n1k0w7v3mAIgY2xq2l1g1m5w1pG5z3p6t";

const expired: Fixture = {
  credentialId: "urn:uuid:first-aid-2022",
  raw: expiredRaw,
  detail: {
    learningOutcomes: [],
    selective: null,
    summary: {
      id: "",
      title: "First Aid at Work",
      issuer: "did:web:firstaid.example",
      issuerName: "Red Cross Training Centre Ruhr",
      registry: null,
      issuerClaimedName: null,
      issued: "2022-05-10T00:00:00Z",
      format: "vc-jwt",
      achievementId: null,
      credits: 16,
      creditUnit: "hours",
      eqfLevel: null,
      skills: ["http://data.europa.eu/esco/skill/first-aid"],
      expires: "2024-05-10T00:00:00Z",
      verdict: "valid",
      status: "expired",
      image: null,
    },
    description: "Two-day first-aid course for workplace first aiders.",
    criteria: null,
    learner: "Maria Schneider",
    checks: [
      check("signature", "pass", "ES256 JWS by did:web:firstaid.example#key-1"),
      check("issuer-key", "pass", "The key is in the issuer's DID document (cached)"),
      check("validity", "fail", "Expired on 10 May 2024"),
    ],
    critical: {
      learner: el({ name: "Maria Schneider" }),
      title: el("First Aid at Work"),
      country: missing,
      awardingBody: el({ id: "did:web:firstaid.example", name: "Red Cross Training Centre Ruhr" }),
      issued: el("2022-05-10T00:00:00Z"),
      learningOutcomes: el(["Give first aid to an injured or ill person at work"]),
      workload: el({ credits: 16, unit: "hours" }),
      level: missing,
      assessment: el("Practical assessment"),
      participation: el("In person"),
      qualityAssurance: missing,
    },
    importedAt: "2025-06-02T08:31:00Z",
    verifiedAt: CHECKED,
  },
};

const unknownRaw = JSON.stringify(
  {
    "@context": "https://w3id.org/openbadges/v2",
    type: "Assertion",
    id: "https://badges.opensource.example/assertions/7731",
    recipient: { type: "email", hashed: true, identity: "sha256$2f4a8e1b6c0d" },
    badge: "https://badges.opensource.example/badges/contributor",
    verification: { type: "hosted" },
    issuedOn: "2024-11-02T12:00:00Z",
  },
  null,
  2,
);

const unknown: Fixture = {
  credentialId: "https://badges.opensource.example/assertions/7731",
  raw: unknownRaw,
  detail: {
    learningOutcomes: [],
    selective: null,
    summary: {
      id: "",
      title: "Open Source Contributor",
      issuer: "https://badges.opensource.example/issuer",
      issuerName: "Open Source Community Badges",
      registry: null,
      issuerClaimedName: null,
      issued: "2024-11-02T12:00:00Z",
      format: "ob2",
      achievementId: "https://badges.opensource.example/badges/contributor",
      credits: null,
      creditUnit: null,
      eqfLevel: null,
      skills: ["http://data.europa.eu/esco/skill/use-version-control"],
      expires: null,
      verdict: "unknown",
      status: "unknown",
      image: null,
    },
    description: "Awarded for five merged contributions to a community project.",
    criteria: "Have **five pull requests** merged into any project of the community.",
    learner: null,
    checks: [
      check("signature", "unknown", "Hosted assertion: it can only be checked online at badges.opensource.example"),
      check("issuer-key", "unknown", "The issuer profile could not be fetched: online checks are off"),
      check("validity", "pass", "Issued 2 November 2024; no expiry date"),
    ],
    critical: {
      learner: el({ identityType: "email", hashed: true }),
      title: el("Open Source Contributor"),
      country: missing,
      awardingBody: el({ id: "https://badges.opensource.example/issuer", name: "Open Source Community Badges" }),
      issued: el("2024-11-02T12:00:00Z"),
      learningOutcomes: missing,
      workload: missing,
      level: missing,
      assessment: missing,
      participation: missing,
      qualityAssurance: missing,
    },
    importedAt: "2025-06-02T08:32:00Z",
    verifiedAt: CHECKED,
  },
};

const edcRaw = JSON.stringify(
  {
    payload: JSON.stringify({
      "@context": ["https://www.w3.org/2018/credentials/v1", "http://data.europa.eu/snb/model/context/edc-ap"],
      id: "urn:credential:9c1e5f7a-edc-cyber",
      type: ["VerifiableCredential", "EuropeanDigitalCredential"],
      issuer: { id: "urn:epass:org:academy", legalName: { en: "European Academy of Digital Skills" } },
    }),
    signatures: [{ protected: "eyJhbGciOiJSUzI1NiJ9", signature: "aGVsbG8gd29ybGQ" }],
  },
  null,
  2,
);

const edc: Fixture = {
  credentialId: "urn:credential:9c1e5f7a-edc-cyber",
  raw: edcRaw,
  detail: {
    learningOutcomes: [],
    selective: null,
    summary: {
      id: "",
      title: "Cybersecurity Fundamentals for Small Businesses",
      issuer: "urn:epass:org:academy",
      issuerName: "European Academy of Digital Skills",
      registry: null,
      issuerClaimedName: null,
      issued: "2025-01-20T10:00:00Z",
      format: "edc",
      achievementId: null,
      credits: 2,
      creditUnit: "ECTS",
      eqfLevel: 5,
      skills: ["http://data.europa.eu/esco/skill/apply-information-security-policies"],
      expires: "2030-01-20T10:00:00Z",
      verdict: "valid",
      status: "unknown",
      image:
        "data:image/svg+xml;base64," +
        btoa(
          '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#003399"/><g fill="#ffcc00">' +
            Array.from({ length: 12 }, (_, i) => {
              const a = (i * Math.PI) / 6;
              return `<circle cx="${(32 + 18 * Math.sin(a)).toFixed(1)}" cy="${(32 - 18 * Math.cos(a)).toFixed(1)}" r="3"/>`;
            }).join("") +
            "</g></svg>",
        ),
    },
    description: "Protecting a small business: passwords, phishing, backups and incident response.",
    criteria: null,
    learner: "Jonas Weber",
    checks: [
      check("seal", "pass", "JAdES baseline B seal, RSA 3072"),
      check("certificate", "pass", "Qualified seal certificate valid at signing time (20 Jan 2025)"),
      check("validity", "pass", "Valid until 20 January 2030"),
      check(
        "status",
        "unknown",
        "Not checked: whether the issuer has withdrawn it (revocation) is read from its status list at https://academy.example.eu/status/7, and online checks are off.",
        "revocation",
      ),
    ],
    critical: {
      learner: el({ fullName: { en: "Jonas Weber" }, dateOfBirth: "1994-07-02" }),
      title: el({ en: "Cybersecurity Fundamentals for Small Businesses", de: "Grundlagen der Cybersicherheit für kleine Unternehmen" }),
      country: el("AT"),
      awardingBody: el([
        {
          id: "urn:epass:org:academy",
          legalName: { en: "European Academy of Digital Skills", de: "Europäische Akademie für digitale Kompetenzen" },
          issuedBy: { id: "urn:epass:org:academy-credentials-office", legalName: { en: "Academy Credentials Office", de: "Zeugnisstelle der Akademie" } },
        },
      ]),
      issued: el("2025-01-20T10:00:00Z"),
      learningOutcomes: el([
        { title: { en: "Recognise phishing and social-engineering attempts", de: "Phishing und Social Engineering erkennen" } },
        { title: { en: "Set up and test a backup routine", de: "Eine Datensicherung einrichten und testen" } },
      ]),
      workload: el({ credits: 2, unit: "ECTS", duration: "PT50H" }),
      level: el({ eqf: 5, source: "http://data.europa.eu/snb/eqf/5" }),
      assessment: el({ id: "http://data.europa.eu/snb/assessment/online-test", prefLabel: { en: "Online test", de: "Online-Test" } }),
      participation: el({ id: "http://data.europa.eu/snb/learning-assessment/920fbb3cbe", prefLabel: { en: "Online", de: "Online" } }),
      qualityAssurance: el({
        dcType: { prefLabel: { en: "Accreditation", de: "Akkreditierung" } },
        accreditingAgent: { legalName: { en: "Agency for Quality Assurance" } },
        expiryDate: "2028-12-31",
      }),
    },
    importedAt: "2025-06-02T08:33:00Z",
    verifiedAt: CHECKED,
  },
};

const invalidRaw = validRaw
  .replace("urn:uuid:5f0a8a2e-6f53-4b0b-9d0e-3c9a1c1d2e01", "urn:uuid:tampered-0001")
  .replace('"creditsAvailable": 5', '"creditsAvailable": 50');

const invalid: Fixture = {
  credentialId: "urn:uuid:tampered-0001",
  raw: invalidRaw,
  refuse: true,
  detail: { ...valid.detail, summary: { ...valid.detail.summary, verdict: "invalid" } },
};

const revokedRaw = JSON.stringify(
  {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    id: "urn:uuid:0b6e1c52-revoked-pm-2024",
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: "Project Management Essentials",
    issuer: { id: "did:web:skills-academy.example", type: ["Profile"], name: "Northern Skills Academy" },
    validFrom: "2024-09-30T12:00:00Z",
    credentialStatus: {
      id: "https://skills-academy.example/status/1#4711",
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: "4711",
      statusListCredential: "https://skills-academy.example/status/1",
    },
    credentialSubject: { id: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", type: ["AchievementSubject"] },
    proof: { type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022", proofValue: "z4oey5q2M3XKaxup3tmzN4DRFTLVqpLMweBrSxMY2xHX5XTYV" },
  },
  null,
  2,
);

const revoked: Fixture = {
  credentialId: "urn:uuid:0b6e1c52-revoked-pm-2024",
  raw: revokedRaw,
  detail: {
    learningOutcomes: [],
    selective: null,
    summary: {
      id: "",
      title: "Project Management Essentials",
      issuer: "did:web:skills-academy.example",
      issuerName: "Northern Skills Academy",
      registry: null,
      issuerClaimedName: null,
      issued: "2024-09-30T12:00:00Z",
      format: "ob3-di",
      achievementId: "https://skills-academy.example/achievements/pm-101",
      credits: 3,
      creditUnit: "ECTS",
      eqfLevel: 5,
      skills: ["http://data.europa.eu/esco/skill/manage-projects"],
      expires: null,
      verdict: "valid",
      status: "revoked",
      image: null,
    },
    description: "Planning, scheduling and steering small projects.",
    criteria: null,
    learner: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    checks: [
      check("signature", "pass", "eddsa-rdfc-2022 proof by did:web:skills-academy.example#key-1"),
      check("issuer-key", "pass", "did:web:skills-academy.example lists key-1 for assertionMethod (DID document last fetched 3 days ago)"),
      check("validity", "pass", "Valid from 30 September 2024; no expiry date"),
      check(
        "status",
        "fail",
        "Last known: revoked. The issuer's status list (https://skills-academy.example/status/1) was last checked 3 days ago (online checks are off; this is the last copy fetched).",
        "revocation",
        daysAgo(3),
      ),
      check("registry", "warn", "Not looked up: you have not added any trust registry, so nothing here says the issuer is a recognised one."),
    ],
    critical: {
      learner: el("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"),
      title: el("Project Management Essentials"),
      country: el("SE"),
      awardingBody: el({ id: "did:web:skills-academy.example", name: "Northern Skills Academy" }),
      issued: el("2024-09-30T12:00:00Z"),
      learningOutcomes: el(["Plan a small project with milestones and a budget"]),
      workload: el({ credits: 3, unit: "ECTS" }),
      level: el({ eqf: 5, source: "alignment" }),
      assessment: el("Project report"),
      participation: el("Online"),
      qualityAssurance: missing,
    },
    importedAt: "2025-06-02T08:34:00Z",
    verifiedAt: CHECKED,
  },
};

const suspendedRaw = revokedRaw
  .replace("urn:uuid:0b6e1c52-revoked-pm-2024", "urn:uuid:suspended-forklift-2025")
  .replace("Project Management Essentials", "Forklift Safety Refresher");

const suspended: Fixture = {
  credentialId: "urn:uuid:suspended-forklift-2025",
  raw: suspendedRaw,
  detail: {
    ...revoked.detail,
    summary: {
      ...revoked.detail.summary,
      title: "Forklift Safety Refresher",
      status: "suspended",
      credits: 8,
      creditUnit: "hours",
      eqfLevel: null,
      skills: [],
    },
    description: "Annual refresher for forklift operators.",
    checks: [
      ...revoked.detail.checks.filter((c) => c.check !== "status" && c.check !== "registry"),
      check(
        "status",
        "fail",
        "Last known: suspended. The issuer's status list (https://skills-academy.example/status/2) was last checked 3 days ago (online checks are off; this is the last copy fetched).",
        "suspension",
        daysAgo(3),
      ),
    ],
    critical: { ...revoked.detail.critical, title: el("Forklift Safety Refresher"), workload: el({ credits: 8, unit: "hours" }), level: missing },
  },
};

/** A date `n` days from when the mock starts, as `YYYY-MM-DD`. */
const daysFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

type Module = {
  credentialId: string;
  title: string;
  issuer: string;
  issuerName: string;
  country: string;
  issued: string;
  credits: number;
  eqf: number;
  expires: string | null;
  format: string;
  achievementType: string;
  description: string;
  outcomes: string[];
  skills: string[];
};

/** A signed Open Badge 3.0 or EDC module, as the pathways' fixtures need them (valid and active). */
function moduleFixture(m: Module): Fixture {
  const raw = JSON.stringify(
    {
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
      id: m.credentialId,
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      name: m.title,
      issuer: { id: m.issuer, type: ["Profile"], name: m.issuerName },
      validFrom: m.issued,
      ...(m.expires ? { validUntil: `${m.expires}T00:00:00Z` } : {}),
      credentialSubject: {
        id: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        type: ["AchievementSubject"],
        achievement: { type: ["Achievement"], achievementType: m.achievementType, name: m.title, creditsAvailable: m.credits },
      },
      proof: { type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022", proofValue: "z58DAdFfa9SkqZMVPxAQpic7ndSayn1PzZs6ZjWp1CktyGesjuTSwRdoWhAfGFCF5bppETSTojQCrfFPP2oumHKtz" },
    },
    null,
    2,
  );
  return {
    credentialId: m.credentialId,
    raw,
    detail: {
      learningOutcomes: [],
      selective: null,
      summary: {
        id: "",
        title: m.title,
        issuer: m.issuer,
        issuerName: m.issuerName,
        registry: null,
        issuerClaimedName: null,
        issued: m.issued,
        format: m.format,
        achievementId: null,
        credits: m.credits,
        creditUnit: "ECTS",
        eqfLevel: m.eqf,
        skills: m.skills,
        expires: m.expires ? `${m.expires}T00:00:00Z` : null,
        verdict: "valid",
        status: "active",
        image: null,
      },
      description: m.description,
      criteria: null,
      learner: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
      checks: [
        check("signature", "pass", `eddsa-rdfc-2022 proof by ${m.issuer}#key-1`),
        check("issuer-key", "pass", `${m.issuer} lists key-1 for assertionMethod (cached DID document)`),
        check("validity", "pass", m.expires ? `Valid until ${m.expires}` : "No expiry date"),
      ],
      critical: {
        learner: el("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"),
        title: el(m.title),
        country: el(m.country),
        awardingBody: el({ id: m.issuer, name: m.issuerName }),
        issued: el(m.issued),
        learningOutcomes: el(m.outcomes),
        workload: el({ credits: m.credits, unit: "ECTS" }),
        level: el({ eqf: m.eqf, source: "alignment" }),
        assessment: el("Written exam and graded assignment"),
        participation: el("Online"),
        qualityAssurance: missing,
      },
      importedAt: "2025-09-01T08:00:00Z",
      verifiedAt: CHECKED,
    },
  };
}

const ml = moduleFixture({
  credentialId: "urn:uuid:7d1c7a1e-ml-foundations-2025",
  title: "Machine Learning Foundations",
  issuer: "did:web:tu-nord.example",
  issuerName: "Technical University North",
  country: "NL",
  issued: "2025-02-10T10:00:00Z",
  credits: 6,
  eqf: 6,
  expires: null,
  format: "ob3-di",
  achievementType: "Course",
  description: "Supervised and unsupervised learning, model evaluation and the pitfalls of both, in Python.",
  outcomes: ["Train, tune and evaluate a classifier and explain its errors", "Choose a suitable model for a tabular data set"],
  skills: ["http://data.europa.eu/esco/skill/5c3f4a1e-8d6b-4f0e-9a57-2b1c6d7e8f90"],
});

const nlp = moduleFixture({
  credentialId: "urn:uuid:91b2f0c4-nlp-2025",
  title: "Natural Language Processing Project",
  issuer: "did:web:uni-example.eu",
  issuerName: "Example University of Applied Sciences",
  country: "DE",
  issued: "2025-07-01T09:00:00Z",
  credits: 4,
  eqf: 6,
  expires: null,
  format: "ob3-di",
  achievementType: "Course",
  description: "Text classification, embeddings and language models, applied in a small team project.",
  outcomes: ["Build and evaluate a text classifier", "Explain what a language model can and cannot do"],
  skills: ["http://data.europa.eu/esco/skill/9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"],
});

const gdpr = moduleFixture({
  credentialId: "urn:credential:4e2a-gdpr-practice",
  title: "Data Protection in Practice (GDPR)",
  issuer: "urn:epass:org:academy",
  issuerName: "European Academy of Digital Skills",
  country: "AT",
  issued: daysAgo(325).slice(0, 10) + "T09:00:00Z",
  credits: 2,
  eqf: 5,
  // A yearly refresher: it runs out soon.
  expires: daysFromNow(40),
  format: "ob3-di",
  achievementType: "MicroCredential",
  description: "The GDPR for small businesses: lawful processing, records, data subject requests and breaches. Renewed every year.",
  outcomes: ["Keep a record of processing activities", "Handle a data subject request within the deadline"],
  skills: ["http://data.europa.eu/esco/skill/apply-information-security-policies"],
});

const phishing = moduleFixture({
  credentialId: "urn:uuid:c0ffee00-phishing-ir-2025",
  title: "Phishing Awareness and Incident Response",
  issuer: "did:web:cybersafe.example",
  issuerName: "CyberSafe Training Institute",
  country: "IE",
  issued: "2025-04-02T12:00:00Z",
  credits: 2,
  eqf: 5,
  expires: null,
  format: "ob3-di",
  achievementType: "MicroCredential",
  description: "Recognising phishing, reporting it, and the first hour of an incident.",
  outcomes: ["Recognise a phishing e-mail and report it", "Run the first steps of an incident response plan"],
  skills: [],
});

/** The learner's wallet key (Ed25519): credentials are issued to it, presentations signed with it. */
export const HOLDER_DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
export const HOLDER_JWK = { kty: "OKP", crv: "Ed25519", x: "Lm_M42cB3HkUiODQsXRcweM6TByfzEHGO9ND274JcOY" };

const SD_ISSUER = "https://credentials.fh-graz.example";

/** An SD-JWT VC (RFC 9901): the course always visible, the learner's personal data disclosable claim by
 *  claim (the address as a whole and each of its parts, each nationality on its own). */
const sdCredential = buildSdJwt(
  { alg: "EdDSA", typ: "dc+sd-jwt", kid: `${SD_ISSUER}/keys/1` },
  {
    iss: SD_ISSUER,
    iat: 1741942800,
    exp: 1899709200,
    vct: `${SD_ISSUER}/vct/micro-credential/v1`,
    cnf: { jwk: HOLDER_JWK },
    course: { name: "Cloud Computing Essentials", credits: 3, credit_unit: "ECTS", eqf_level: 5 },
    given_name: "Ana",
    family_name: "Novak",
    birthdate: "2001-02-03",
    grade: "1.3",
    email: "ana.novak@example.org",
    address: { street_address: "Herrengasse 12", locality: "Graz", postal_code: "8010", country: "AT" },
    nationalities: ["SI", "AT"],
  },
  [
    "given_name",
    "family_name",
    "birthdate",
    "grade",
    "email",
    "address",
    "address.street_address",
    "address.locality",
    "address.postal_code",
    "address.country",
    "nationalities.0",
    "nationalities.1",
  ],
);

const sdjwt: Fixture = {
  credentialId: "urn:sd-jwt:fh-graz:cloud-computing-essentials:ana-novak",
  raw: sdCredential.raw,
  sdJwt: sdCredential,
  detail: {
    learningOutcomes: [],
    selective: { claims: sdCredential.claims, disclosable: sdCredential.disclosable, holderKey: HOLDER_JWK },
    summary: {
      id: "",
      title: "Cloud Computing Essentials",
      issuer: SD_ISSUER,
      issuerName: "Graz University of Applied Sciences",
      registry: null,
      issuerClaimedName: null,
      issued: "2025-03-14T09:00:00Z",
      format: "sd-jwt-vc",
      achievementId: null,
      credits: 3,
      creditUnit: "ECTS",
      eqfLevel: 5,
      skills: [],
      expires: "2030-03-14T09:00:00Z",
      verdict: "valid",
      status: "active",
      image: null,
    },
    description: "Deploying, scaling and paying for web services on a public cloud: a four-week practical module.",
    criteria: null,
    learner: "Ana Novak",
    checks: [
      check("signature", "pass", `EdDSA signature by ${SD_ISSUER}/keys/1`),
      check("issuer-key", "pass", `${SD_ISSUER} publishes keys/1 in its JWT VC issuer metadata (cached copy)`),
      check("disclosures", "pass", "12 disclosures, each listed in the signed payload"),
      check("validity", "pass", "Valid from 14 March 2025 until 14 March 2030"),
      check("registry", "warn", "Not looked up: you have not added any trust registry, so nothing here says the issuer is a recognised one."),
    ],
    critical: {
      learner: el("Ana Novak"),
      title: el("Cloud Computing Essentials"),
      country: el("AT"),
      awardingBody: el({ id: SD_ISSUER, name: "Graz University of Applied Sciences" }),
      issued: el("2025-03-14T09:00:00Z"),
      learningOutcomes: el(["Deploy and scale a web service on a public cloud", "Estimate and keep down what a cloud service costs"]),
      workload: el({ credits: 3, unit: "ECTS" }),
      level: el({ eqf: 5, source: "alignment" }),
      assessment: el("Practical lab exam"),
      participation: el("Online"),
      qualityAssurance: missing,
    },
    importedAt: "2025-06-02T08:30:00Z",
    verifiedAt: CHECKED,
  },
};

/** The badge image an issuer embedded in its credential (a data: URI, as Open Badges 3.0 allows): what
 *  makes a presentation too large for one QR code. */
const BADGE_IMAGE =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAPJklEQVR42t2a74ri+JvF6yr2Gj5Xsu/9gyiKroKioCYmajCYMhI1VQkoWGCBBRakwEJBEESw1bqvZVnYTb5TY2lXT1d1T89vdqeZN/OmOZ82z3nOc5Kr//l//ufq1/51//Yf//7hf//nAD4j+q+Dufq7pP8qjKu/V/qfx7j65dK5CzEK40axY/TimEmMNHoWLU+j+Msxrn6JdB7DPIS4Dwn1IdwwdpReDDOOkURPo2Vp5FGL1MpIElWFavOXYFz9SfU8RXmM8BA+Ux/CDtOLYsYw4uhJtDSNLGqeWhGpTPUVgKpO1fiTDFc/rZ7nBE8xHqM8RLgPn6kP0QtjRjFi6HG0JI00apZaHqlI9RJAMpBNFOunGa5+Qj3LDM8pnhI8xniIch/hLnymPoQZxoiix9DiNJKoaWpZpDzVSwBJRzZQTOoWWp+W/RMMVz+uPsdzhqcUjwkeYtxHuYuIqT2pD2GE0aNoMRpx1CS1NFKW6iWA1ETWUQzqJppFq0/bpnP7owxXn1fPqsSywHOOpwyPKR4S3Me4izKKiKk9qQ+hh9GiNGKocWpJpDTVSwBJQW6i6NQNNJOWRbtPx8a6xXZw3M8zXH1afYVliecCTzkeMzykuE9wF2MUxY2IqT2pD6GFaURRY9TiSEmqlwC+C8kKSpO6jmbQMmlbdPpYNvYtjsPQZfxZhqvPqZdZVngu8VTgMcdDhvsUdwlGMeH3ETG1J/UhGmHUKLUYUpzqJYDvQrKEolBvoum0DNomHQurj23j3DJ0fPVMXKafYrj6hHqVpcxzhacSjwUectxnuEsxSuDGhN9HxNSe1IdQw9SiSDGqlwC+C8llFIm6gtakpdM26JhYFnYfx2Z4y9j5TT0zF+9jhk8ALFWeZZ4qPJZ4KHCf4y7DKIWbELvW9/uImNqT+hC1MFKU6iWA70JyEaVMXUJTaDVp63QMLBPbwukztBnfMnFO6pn/OMA79RrPKk8yjxUeStwXuMsxyuCmsBNi1/p+HxFTe1IfQgpTvQTwXUjOoxSpl9EkWgrtJh0dy8A2cSyGfcY2k1umzkk9C5eV832G7wGw1HnWeFJ5lHmocF/irsAoh5vBTtFLiF3r+31ETO1JfYjqJYDvQnIWJU+9iFamJdFW6DSxdGwDx2RoMe4zsZneMnPO1LusHTY3nwV4t2t1njQeVR5k7ivclRgVcHPYGXopzITYtb7fR8TUntRfAvguJKdRstTzaEVaZdoSHQWria3jGAxNxhaTPlOb2S2ec6beZeOwvfnOj/CHADxf86TzqPGgci9zV2FUwi1g5+hlMFMYCbFrfb+PiKk9qT8D8F1ITqKkqYs02irSLtORsBTsJo7O0GBsMrGY9pnZeLfMnTP1LluH3Q1fBh8DvEtp1zzqPGjcq9zJjCq4JewCvRxmBiOFnhC71vf7iJjak/rfAXwXkuMoSeoijbbytIt0ylgStoLTZKgzNpiYTC1mfTyb+S0L50y9y87hyw2HwR/9CN8G4KnL4zUPOvcadyojGbeCXaJXwMxhZNBTaAmxa32/j4ipvQTwXUiOocSpizTaytLO0ylilbElHIVhk7HOxGBqMrPw+sxtFrf+1J6pd/nicLjhOOCl9z2Ad/m+y8M19zp3GiMVV8au0CthFjBy6Bm0FI2E2LX+v3RE/JOfAfg8chQlRl2k0VaadpZOHquIXcaRGCqMm0x0pgYzE89i3mdhs7oVU3tS73JwON7w8jXAieEbADxaPHS5v+ZOZ6ThqtgyvQpmCaOAnkPL0EihJsSu9Z/1SwD/WZLDKFHqIo22krTTdLJYeewiTpmhxFhh0mSqMzPwTOYWiz4rm/WtmNqTepejw8srAC/dzwE8WNx3ubtmpONq2Co9GbOCUUIvoOVoZFBT1BJi114CBOpDKGHqIo224rSTdNJYWew8TpFhmbHERGHaZKbjGcxNFharPmubza2Y2pN6l5czgOMnAe4t7rqMrnF9n9boqZgyRgW9hFagkUPNUEshJYRRngG8qg9RF2m0FaMdp5PESmNncfIMi4zLTCSmCrMmns7cYGGyslj3/+u//5PtrZjak/ozgGOPwx8AvLvKLUZd3OvAp3sapooho1fQSjQKqDlqGaQU1UuAN/UijbaitGN04lhJ7DROlmGecZFJmanETMFrMtdZGKxM1pavPgDY3YqpPan/HcAf4kOPfff9GHwNwN2AkYXbxb6mp2NqGCq6jFahUUItUMshZaheAgRTe1IfohWmHaUTw4pjJ3HSDLOM80yKTMvMJDyFeZOFzspgbf6mPgD4cium9qReABwDG2XfY9dl2/kIYDTA9bNhl941po6hoatoMo0KaolaASlH9RLAd6Fgak/qQ7TDdKJYflaN4yQZphlnmeSZFpmV8STmCosmK521weYM4HArpvYM4ChsdD9g12PbZfMhgDsIsmGvi3mNoaNraCoNGbVCrYRUoHoJEPh9REztSX2IThhL9EJOnGGScZpJlmmeWRGvzFxiobBqstbZGCf1AcDxVjwzJ/XCRvc37AZse2y6rD8EsAf0LMwuxjW6fzFpNFRUmVoFqUT1EiDYtb7fR8TUntSHsEQv5MQYxhknmaSZZpnl8YrMyywkVgrrJhv9XH0A8HIGcBSjvBdRYjtg02PdZfUhQG+AaWF00a+Di6mhoarUZKQK1UsA34WCXev7vUijb+pFL+REGcYYx5kkmaaZZfHyzIssyqwk1gqb5jv19hvAq3oRJbY3bAase6y6LD8EMAcYFnoX7ZqGjqpRU5FkqpcAvgvJCbFrRRoNpvakPoQTZhhlHGMSZ5pklsbLMs+zKLIqs5bYKO/U998A3tSLMLe5YT1g1WPZZf4hgDFAt9C6NK5RdWoakkr1EsB3ITmFkhC71vf7iJjak/oQwzDjKJMY0zizJF6aeZZFnlWRdZmNxFa5VG+9ARydM/UiTq9vWA1Y9ph38T4E0AdBS9Pool5T05E0qpcAvgvJGZQUdZFGA7+PiKk9qQ8xDjOJMo0xi+MlmadZZFnlWRfZlNlKl+rNN4CjsNE39eKgWd2wHDDv4XWZfQigDWhYqF1q10FzVr0E8F1IzqFkqIs02oq9irDCZ+pDTMJMo8xieHHmSRZpVlnWeTZFtuV3D8/vAEc7sNG9c6Y+OClZ3jAf4PWYdZl+CNAYoFrUukjXonw9A/BdSC6g5KiLNNpK+Lv2Tceb+hDTMLMoXox5nEWSVZp1lk2ebfGdeuMV4NjnYLMXUeJNvcvSP9Bu8AbMeky7TD4CCBhqFlKX6iWA70JyCaVAXaTRVop2wt+1F2pe1YeYhfGizGMs4qySrNNssmzz79TrrwBHi0OfvR1Eia1zpt4NDjTvhtmAaY/JH0SJr38EyaJ6CeC7kFxBKVEXabSVoZ2ik/B37deaAvUhvDDzKIsYqzjrJJs02yy7/KX65ivA0eRgse+zs4Mwt3HO1LvBiTy7YTpg0mP8yTRavQTwXUiWUSrURRpt5Whn6KSwgl7oK4BAmRdiHmYRZRVjHWeTZJtml71Ur7wCHA0OJnuLXZ+tiNNr50y9G5QU0xsmA8Y9P2L+OIDvQrKKIlMXabRVoJ2jk8ESvVCwa6PfYFiEWUVZx9jE2SbZpd89PALgqHMw2JvsLLZ9NuKgCab2pN4NaqLJDWM/Yvb8iPkpAMEgAIL+XkNRqYs02irRLtDJYYleyEmIXev7feQbDOsomxjbOLvkO/VSAHBsctDZG+xMthYbcdD4J+XSOVPvBkXd+EZEzO+elO9+BOFCQX+vURdptFWhXaJTwBK9kJNimBC71vf7iD+132DYxtjF36kvBwBHhUOTvc7OYGuyCQ6a4KRcilrlTb0bVKWjGxExez/QSgQM8rXo70Uabcm0K3RKWKIXcjIMU4wTYtf6fh8RUxv6BsOX+KX6YgBwlDgo7JvsdLZBnPYPmuCkXIpaxXPO1LuMHNwbP2J+XKt8/SMo16K/12iptGU6FSzRCzk5hhnGKSYJsWt9v4+IqQ2x+gbDmfp8AHAsc5DYK+yabIM47R80wUm5FLWKJ6rFN/UuroN9gzX44WZObGWdlkZbpSNjiV7IKTDMMc4wSTFNiF3r+31ETG2IdYhN6HsAxyKHMnuJncI2iNPBQeOflEtRq3iiWpw6Z+rd4IWN9elq8esfIejvNToqluiFnBLDAuMckwzTFLOE2LW+30dYhX9TzzbE7lvP0kuWY55DkX2ZXRDm/DgdHDT+SbkUtYonqsWpqNff1LtYDubNT7bTAUNHwxK9kFNhWGJcYJJjmmGWwkuIXev7fYR1+KSeLyEO4Uv1aY5ZDnn2RXZBmPPjdHDQ+CflUtQqnqgWp6JeD6b2pN7F/MF6/RsMtoojM6wwLjEpMM0xy+ClmCfErvX9PsImfKY+xDHMS5SXmFCf5JjmkGWfZxeEuSBOr8VJuRS1iieqxamo18e3YmpP6n/JGxpHZSgzrjApMS0wy+FlmKdYJMSu9f0+wjZ8pj7EyysAL3GOSQ5p9kGU8MNcEKfX4qRcilrFE9XiVNTrY5vRrZjaV/W0fwrgGwxjmUmFaYlZAS/HPMMixSohdm2UbYRd+Ez9GcAxziHJPogSfpgL4vRanJRLUat4olqcinp93Gdk44rXrJ9W/yOvWacVZiW8AvMciwyrFOuE2LVRdhG+hM/U/w5wjHGIsw+iRBDmNuKg8U/KpahVPFEtTkW9PrYY9XHFa9Zgaj+r/gdfdHsl5gUWOVYZ1ik2CbFro3yJ+FN7pl4AHKMcYuyDKBGEuY04aPyTcilqFU9Ui1NRr49NUaWJ16zWrT+1n1f/U58arHKsM2xSbBPsYnzxhUbE1J4B+P97iLIPokQQ5jbioPFPyqWoVTxRLU5FvT42GJmiShMvus1f+qnBHzJsMmxT7BJ8iQVCjxHxzJzUBzbKPhrgbUWcXouTcilqFU9Ui1NRr491RgaueM1q9TH/go89vve5zZdE8JD4j8rLGcBRjPI+HDxaWxGn1+KkXIpaxRPV4lTU6+OmqO/Fa1brr/zc5oMPnl7OAF7VhwJT2oo4vRYn5VLUKp6oFqeiXh8rjJqivv+XfPD08SdnL+Ez9aFgLWzEQeOflEtRq3iiWpyKen0sMVJw/7WfnP3AR3/+SvYX81qclEtRq3iiWpwG9frf+dHfP+Szy3/Ih6//kE+P/yEff/+9f/4XKKUARUmFtTgAAAAASUVORK5CYII=";

/** An Open Badges 3.0 credential with its badge image embedded. */
const badge: Fixture = (() => {
  const f = moduleFixture({
    credentialId: "urn:uuid:3b8e2f10-5c1d-4e7a-9f3b-sustainable-web",
    title: "Sustainable Web Design",
    issuer: "did:web:nordic-digital.example",
    issuerName: "Nordic Digital Academy",
    country: "FI",
    issued: "2025-05-20T10:00:00Z",
    credits: 2,
    eqf: 5,
    expires: null,
    format: "ob3-di",
    achievementType: "Badge",
    description: "Designing and building web pages that use less energy and data: images, fonts, hosting, and measuring what a page costs.",
    outcomes: ["Measure the data and energy a web page uses", "Cut a page's weight without losing what it says"],
    skills: [],
  });
  const doc = JSON.parse(f.raw) as { credentialSubject: { achievement: Record<string, unknown> } };
  doc.credentialSubject.achievement.image = { id: BADGE_IMAGE, type: "Image", caption: "Sustainable Web Design badge" };
  f.raw = JSON.stringify(doc, null, 2);
  f.detail.summary.image = BADGE_IMAGE;
  return f;
})();

export const fixtures: Record<FixtureName, Fixture> = { valid, expired, unknown, edc, invalid, revoked, suspended, ml, nlp, gdpr, phishing, sdjwt, badge };

/** Trust registry files in the mock's "file system". */
export const registryFiles: Record<string, string> = {
  "/home/learner/Downloads/dcc-sandbox-registry.json": JSON.stringify(
    {
      name: "DCC Sandbox Registry",
      meta: { created: "2024-05-01T00:00:00Z", updated: "2025-05-20T00:00:00Z" },
      registry: {
        "did:web:uni-example.eu": { name: "Hochschule Beispiel University of Applied Sciences", location: "Beispielstadt, DE", url: "https://uni-example.eu" },
        "did:web:skills-academy.example": { name: "Northern Skills Academy" },
        "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH": { name: "DCC Sandbox Issuer" },
      },
    },
    null,
    2,
  ),
  "/home/learner/Downloads/academy-issuers.json": JSON.stringify({
    type: "TesseraIssuerList",
    name: "European Academies Network",
    issuers: [{ id: "urn:epass:org:academy", name: "European Academy of Digital Skills" }],
  }),
  "/home/learner/Downloads/broken-registry.json": JSON.stringify({ registry: { "did:web:x.example": { url: "https://x.example" } } }),
};

/** Files the mock's "file system" holds, for the file dialog and drag and drop. */
export const fixtureFiles: Record<string, string> = {
  "/home/learner/Downloads/data-science.json": validRaw,
  "/home/learner/Downloads/first-aid.jwt": expiredRaw,
  "/home/learner/Downloads/open-source-contributor.json": unknownRaw,
  "/home/learner/Downloads/cybersecurity-edc.json": edcRaw,
  "/home/learner/Downloads/tampered.json": invalidRaw,
  "/home/learner/Downloads/notes.txt": "Shopping list: milk, bread",
  "/home/learner/Downloads/project-management.json": revokedRaw,
  "/home/learner/Downloads/machine-learning.json": ml.raw,
  "/home/learner/Downloads/nlp.json": nlp.raw,
  "/home/learner/Downloads/gdpr-practice.json": gdpr.raw,
  "/home/learner/Downloads/phishing-incident-response.json": phishing.raw,
  "/home/learner/Downloads/cloud-computing.sd-jwt": sdjwt.raw,
  "/home/learner/Downloads/sustainable-web-design.json": badge.raw,
};
