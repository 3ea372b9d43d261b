// Pathways for the mock backend: the three that ship with Tessera, a few files a learner can add, and
// a small evaluator that places the wallet's (fixture) credentials into them. It is not the real
// evaluator (tessera_core::pathway): each place lists which fixtures fit it, and the rest follows the
// real one's rules and sentences (view.rs, evaluate.rs), so the screens see what the app would show.

import type {
  AllocationEntry,
  CountsToward,
  CreditUnit,
  CredentialSummary,
  Excluded,
  Expiry,
  GroupProgress,
  GroupView,
  IpcError,
  OpenTile,
  PathwayInfo,
  PathwayPage,
  PathwaySummary,
  PathwayView,
  PlanStep,
  Progress,
  Tile,
} from "../bindings";
import type { FixtureName } from "./fixtures";

type RequiredDef = {
  /** The matcher's conditions in words: "matching 'capstone' or 'project', of at least 5 ECTS". */
  cond: string;
  minCredits?: number;
  maxAgeMonths?: number;
  /** Fixtures that meet it, in the order they are tried. */
  fits: FixtureName[];
};

type GroupDef = {
  id: string;
  label: string;
  required?: RequiredDef[];
  select?: { min: number; max: number | null; what: string; fits: FixtureName[] };
  minCredits?: number;
};

export type PathwayDef = {
  id: string;
  title: string;
  description: string | null;
  creditUnit: CreditUnit;
  hoursPerEcts?: number;
  minTotalCredits: number;
  outcome: { credits: number | null; eqfLevel: number | null };
  maxAgeMonths: number | null;
  itemCredits: { min: number; max: number };
  minDistinctIssuers: number;
  rules: string[];
  groups: GroupDef[];
  /** Fixtures that match something but are kept out, with the real evaluator's codes and sentence. */
  excluded: { fixture: FixtureName; reasons: string[]; detail: string; countsElsewhere?: boolean }[];
  /** No new credentials could complete it: the plan is null. */
  impossible?: boolean;
  exact?: boolean;
  sha256: string;
};

/** A credential in the mock wallet, as the evaluator sees it. */
export type WalletCredential = { id: string; fixture: FixtureName | null; summary: CredentialSummary };

const DAY = 86_400_000;

const ESCO = (id: string) => `http://data.europa.eu/esco/skill/${id}`;

const aiMicroDegree: PathwayDef = {
  id: "urn:tessera:pathway:applied-ai-microdegree-eqf6",
  title: "Micro-Degree in Applied Artificial Intelligence",
  description:
    "30 ECTS at EQF level 6 from at least two universities of the network: three core modules (12 ECTS or more), two to four electives (8 ECTS or more) and a capstone project of at least 5 ECTS. Modules count for five years.",
  creditUnit: "ECTS",
  minTotalCredits: 30,
  outcome: { credits: 30, eqfLevel: 6 },
  maxAgeMonths: 60,
  itemCredits: { min: 2, max: 10 },
  minDistinctIssuers: 2,
  rules: [
    "At least 30 ECTS in total",
    "Credentials at EQF level 6 or higher (a credential must state its level)",
    "Credentials at most 60 months old",
    "Each credential worth 2 to 10 ECTS",
    "From at least 2 different issuers",
    "Only credentials whose signature is verified count",
    "No credential counts twice",
  ],
  groups: [
    {
      id: "core",
      label: "Core modules (all three required)",
      minCredits: 12,
      required: [
        { cond: `matching 'machine learning' or 'maschinelles lernen', with the skill ${ESCO("5c3f4a1e-8d6b-4f0e-9a57-2b1c6d7e8f90")}`, fits: ["ml"] },
        {
          cond: `matching 'data' or 'daten', with one of the skills ${ESCO("0a9e7c44-3b2d-4c1a-8e6f-5d4c3b2a1908")}, ${ESCO("71d2e6b9-0c4a-4e8f-b3d5-9a8b7c6d5e4f")}`,
          fits: ["valid"],
        },
        {
          cond: `matching 'ethic', 'ethik', 'responsible' or 'verantwort', with the skill ${ESCO("e4b1c2d3-5f6a-4b7c-8d9e-0f1a2b3c4d5e")}`,
          fits: [],
        },
      ],
    },
    {
      id: "electives",
      label: "Two to four electives",
      minCredits: 8,
      select: {
        min: 2,
        max: 4,
        what: `a credential with one of the skills ${ESCO("5c3f4a1e-8d6b-4f0e-9a57-2b1c6d7e8f90")}, ${ESCO("9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d")}, ${ESCO("2f3e4d5c-6b7a-4890-a1b2-c3d4e5f6a7b8")}, of type Course; or a credential with one of the skills ${ESCO("9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d")}, ${ESCO("2f3e4d5c-6b7a-4890-a1b2-c3d4e5f6a7b8")}, ${ESCO("0a9e7c44-3b2d-4c1a-8e6f-5d4c3b2a1908")}, of type MicroCredential`,
        fits: ["nlp"],
      },
    },
    {
      id: "capstone",
      label: "Capstone project",
      required: [{ cond: "matching 'capstone', 'abschlussprojekt', 'project' or 'projekt', of at least 5 ECTS", minCredits: 5, fits: [] }],
    },
  ],
  excluded: [
    {
      fixture: "nlp",
      reasons: ["credits-below-minimum"],
      detail: "It can count elsewhere in this pathway, but not everywhere: its 4 ECTS are below the 5 ECTS that required slot 1 of 'Capstone project' needs.",
      countsElsewhere: true,
    },
    {
      fixture: "revoked",
      reasons: ["revoked", "level-below-minimum", "credits-below-minimum"],
      detail:
        "Not counted: its issuer has revoked it; its EQF level is 5; this pathway needs level 6 or higher; its 3 ECTS are below the 5 ECTS that required slot 1 of 'Capstone project' needs.",
    },
  ],
  sha256: "3f9a0c2e5b7d41a8c6e2f0b9d8a7c6e5f4d3c2b1a0918273645546372819a0b1",
};

const dataAnalytics: PathwayDef = {
  id: "urn:tessera:pathway:data-analytics-short-cycle-eqf5",
  title: "Short-Cycle Programme in Data Analytics",
  description:
    "60 ECTS at EQF level 5: four foundation modules, a specialisation of three to six modules (20 ECTS or more), a work placement of at least 10 ECTS, and free electives toward the total. Modules count for seven years.",
  creditUnit: "ECTS",
  minTotalCredits: 60,
  outcome: { credits: 60, eqfLevel: 5 },
  maxAgeMonths: 84,
  itemCredits: { min: 1, max: 15 },
  minDistinctIssuers: 1,
  rules: [
    "At least 60 ECTS in total",
    "Credentials at EQF level 5 or higher (a credential must state its level)",
    "Credentials at most 84 months old",
    "Each credential worth 1 to 15 ECTS",
    "Only credentials whose signature is verified count",
    "No credential counts twice",
  ],
  groups: [
    {
      id: "foundations",
      label: "Foundation modules (all four required)",
      minCredits: 16,
      required: [
        { cond: `matching 'statisti', with the skill ${ESCO("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")}`, fits: [] },
        { cond: "matching 'SQL', 'database' or 'datenbank'", fits: [] },
        { cond: "matching 'python', 'R', 'programming' or 'programmier'", fits: [] },
        { cond: `with one of the skills ${ESCO("6d7e8f9a-0b1c-4d2e-9f3a-4b5c6d7e8f9a")}, ${ESCO("7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b")}`, fits: ["valid"] },
      ],
    },
    {
      id: "specialisation",
      label: "Specialisation (three to six modules)",
      minCredits: 20,
      select: {
        min: 3,
        max: 6,
        what: `a credential with one of the skills ${ESCO("8f9a0b1c-2d3e-4f4a-9b5c-6d7e8f9a0b1c")}, ${ESCO("9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d")}, ${ESCO("0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e")}, of type Course; or a credential matching 'visuali', 'dashboard', 'business intelligence', 'forecast' or 'prognose'`,
        fits: ["ml", "nlp"],
      },
    },
    {
      id: "placement",
      label: "Work placement",
      required: [{ cond: "matching 'placement', 'internship', 'praktikum' or 'praxis', of at least 10 ECTS", minCredits: 10, fits: [] }],
    },
    {
      id: "free",
      label: "Free electives (count toward the 60 ECTS)",
      select: { min: 0, max: null, what: "a credential of type Course; or a credential of type MicroCredential", fits: ["edc", "gdpr", "phishing"] },
    },
  ],
  excluded: [{ fixture: "revoked", reasons: ["revoked"], detail: "Not counted: its issuer has revoked it." }],
  sha256: "a41c9e07d2b36f58e1c0a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8",
};

const mechatronics: PathwayDef = {
  id: "urn:tessera:pathway:mechatronics-maintenance-badge-stack",
  title: "Mechatronics Maintenance Technician (badge stack)",
  description:
    "160 hours of workshop training at EQF level 4: a current electrical-safety badge (renewed every two years), pneumatics and hydraulics, two PLC badges, a maintenance practice badge, and any other relevant badges toward the hours. ECTS figures are converted at 25 hours per ECTS.",
  creditUnit: "hours",
  hoursPerEcts: 25,
  minTotalCredits: 160,
  outcome: { credits: 160, eqfLevel: 4 },
  maxAgeMonths: 72,
  itemCredits: { min: 4, max: 80 },
  minDistinctIssuers: 0,
  rules: [
    "At least 160 hours in total",
    "Credits in hours and ECTS are converted at 25 hours per ECTS",
    "Credentials at EQF level 4 or higher (a credential that states no level still counts)",
    "Credentials at most 72 months old",
    "Each credential worth 4 to 80 hours",
    "Only credentials whose signature is verified count",
    "No credential counts twice",
  ],
  groups: [
    {
      id: "safety",
      label: "Electrical safety (renewed every two years)",
      required: [{ cond: `with the skill ${ESCO("3d1f0b7e-2a4c-4e9b-8f61-7c5d2e9a0b14")}, of type Badge, at most 24 months old`, maxAgeMonths: 24, fits: [] }],
    },
    {
      id: "fluid-power",
      label: "Pneumatics and hydraulics",
      minCredits: 24,
      required: [
        { cond: "matching 'pneumati'", fits: [] },
        { cond: "matching 'hydraul'", fits: [] },
      ],
    },
    {
      id: "plc",
      label: "Two PLC badges",
      minCredits: 40,
      select: {
        min: 2,
        max: 3,
        what: `a credential matching '\\b(PLC|SPS|Siemens S7|TIA Portal|CODESYS)\\b'; or a credential with the skill ${ESCO("8e2c4a6b-1d3f-4b5a-9c7e-6f8a0b2c4d6e")}`,
        fits: [],
      },
    },
    {
      id: "maintenance",
      label: "Maintenance practice",
      required: [
        {
          cond: `with one of the skills ${ESCO("b7a9c1e3-4f5d-4a6b-8c0e-2d4f6a8b0c1e")}, ${ESCO("c2e4a6b8-0d1f-4c3e-9a5b-7d9f1b3d5f7a")}, of at least 16 hours`,
          minCredits: 16,
          fits: [],
        },
      ],
    },
    {
      id: "further",
      label: "Further relevant badges (count toward the hours)",
      select: { min: 0, max: null, what: "a credential of type Badge; or a credential of type Course, at EQF level 4 or higher", fits: [] },
    },
  ],
  excluded: [
    { fixture: "expired", reasons: ["expired"], detail: "Not counted: it expired on 2024-05-10." },
    { fixture: "suspended", reasons: ["suspended"], detail: "Not counted: its issuer has suspended it." },
    {
      fixture: "unknown",
      reasons: ["not-verified", "credits-missing"],
      detail:
        "Not counted: it is not verified (verdict: unknown), and this pathway counts verified credentials only; it states no credits, and this pathway counts credentials of between 4 and 80 hours.",
    },
  ],
  sha256: "c7d2e9a0b14f3d1f0b7e2a4c4e9b8f617c5d2e9a0b143d1f0b7e2a4c4e9b8f61",
};

/** A pathway a learner adds from a file: complete with the fixtures, one module running out soon. */
const cyberHygiene: PathwayDef = {
  id: "urn:example:pathway:cyber-hygiene-smb",
  title: "Cyber Hygiene Certificate for Small Businesses",
  description:
    "6 ECTS at EQF level 5: cybersecurity fundamentals and a current data-protection module (renewed every year), plus a practical module on phishing, backups or incident response, from at least two providers.",
  creditUnit: "ECTS",
  minTotalCredits: 6,
  outcome: { credits: 6, eqfLevel: 5 },
  maxAgeMonths: 36,
  itemCredits: { min: 1, max: 6 },
  minDistinctIssuers: 2,
  rules: [
    "At least 6 ECTS in total",
    "Credentials at EQF level 5 or higher (a credential must state its level)",
    "Credentials at most 36 months old",
    "Each credential worth 1 to 6 ECTS",
    "From at least 2 different issuers",
    "Only credentials whose signature is verified count",
    "No credential counts twice",
  ],
  groups: [
    {
      id: "core",
      label: "Core modules",
      required: [
        { cond: "matching 'cyber' or 'security'", fits: ["edc"] },
        { cond: "matching 'data protection' or 'GDPR', at most 12 months old", maxAgeMonths: 12, fits: ["gdpr"] },
      ],
    },
    {
      id: "practice",
      label: "Practical module",
      select: { min: 1, max: 2, what: "a credential matching 'phishing', 'backup' or 'incident'", fits: ["phishing"] },
    },
  ],
  excluded: [],
  sha256: "5e0b7a1d9c3f2e8b4a6d0c9e1f7b3a5d8c2e6f0a4b9d1c7e3f5a8b2d6c0e9f14",
};

/** A pathway no new credential can complete: its programming module asks more than any one credential may bring. */
const robotics: PathwayDef = {
  id: "urn:example:pathway:robotics-technician-stack",
  title: "Robotics Technician Micro-Credential Stack",
  description:
    "20 ECTS: a foundation module in machine learning, automation or control, a robot programming module of at least 12 ECTS, and a workplace safety module.",
  creditUnit: "ECTS",
  minTotalCredits: 20,
  outcome: { credits: 20, eqfLevel: 5 },
  maxAgeMonths: 48,
  itemCredits: { min: 1, max: 10 },
  minDistinctIssuers: 1,
  rules: [
    "At least 20 ECTS in total",
    "Credentials at EQF level 5 or higher (a credential must state its level)",
    "Credentials at most 48 months old",
    "Each credential worth 1 to 10 ECTS",
    "Only credentials whose signature is verified count",
    "No credential counts twice",
  ],
  groups: [
    {
      id: "foundations",
      label: "Foundation module",
      select: { min: 1, max: 2, what: "a credential matching 'machine learning', 'automation' or 'control'", fits: ["ml"] },
    },
    { id: "programming", label: "Robot programming", required: [{ cond: "matching 'robot', of at least 12 ECTS", minCredits: 12, fits: [] }] },
    { id: "safety", label: "Workplace safety", required: [{ cond: "matching 'safety' or 'sicherheit'", fits: [] }] },
  ],
  excluded: [
    {
      fixture: "suspended",
      reasons: ["suspended", "unit-mismatch"],
      detail: "Not counted: its issuer has suspended it; its credits are in hours, and this pathway counts ECTS with no conversion.",
    },
  ],
  impossible: true,
  sha256: "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c",
};

export const SHIPPED: PathwayDef[] = [aiMicroDegree, dataAnalytics, mechatronics];

const DOWNLOADS = "/home/learner/Downloads";

/** Pathway files in the mock's "file system": a definition, or the parser's refusal. */
export const pathwayFiles: Record<string, PathwayDef | IpcError> = {
  [`${DOWNLOADS}/cyber-hygiene-certificate.json`]: cyberHygiene,
  [`${DOWNLOADS}/robotics-technician-stack.json`]: robotics,
  [`${DOWNLOADS}/broken-pathway.json`]: {
    kind: "invalid-input",
    message:
      "This is not a pathway Tessera can use: unknown key groups[0].select.from (allowed in groups[0].select: min, max).",
  },
  [`${DOWNLOADS}/notes.txt`]: {
    kind: "invalid-input",
    message: "This is not a pathway Tessera can use: the pathway file is not valid JSON: expected value at line 1 column 1.",
  },
};

// ---------------------------------------------------------------------------------------------------
// Words, as the real evaluator writes them.

function plural(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Rounded up to two decimals, no trailing zeros (Credits::display_up). */
function display(n: number): string {
  return String(Math.ceil(n * 100 - 1e-9) / 100);
}

function amount(n: number, unit: CreditUnit): string {
  return `${display(n)} ${unit}`;
}

function ruleOf(g: GroupDef, unit: CreditUnit): string {
  const parts: string[] = [];
  const req = g.required?.length ?? 0;
  if (req > 0) parts.push(`${plural(req, "credential", "credentials")} required`);
  if (g.select) {
    const { min, max, what } = g.select;
    const count =
      min === 0 && max !== null
        ? `up to ${plural(max, "elective", "electives")}`
        : min === 0
          ? "any number of electives"
          : max === min
            ? plural(min, "elective", "electives")
            : max !== null
              ? `${min} to ${max} electives`
              : `at least ${plural(min, "elective", "electives")}`;
    parts.push(`${count} (${what})`);
  }
  if (g.minCredits) parts.push(`at least ${amount(g.minCredits, unit)} in this group`);
  return parts.length === 0 ? "Optional: anything counted here adds to the total" : capitalise(parts.join("; "));
}

// ---------------------------------------------------------------------------------------------------
// The evaluation.

function creditsIn(s: CredentialSummary, def: PathwayDef): number {
  if (s.credits === null) return 0;
  const stated = s.creditUnit?.toLowerCase() === "hours" ? "hours" : "ECTS";
  if (stated === def.creditUnit) return s.credits;
  const rate = def.hoursPerEcts ?? 0;
  return def.creditUnit === "hours" ? s.credits * rate : rate ? s.credits / rate : 0;
}

const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

function addMonths(iso: string, months: number): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return dateOnly(d);
}

type Evaluated = Progress & { slotOf: Map<string, { group: GroupDef; required: RequiredDef | null }> };

export function evaluate(def: PathwayDef, wallet: WalletCredential[], at: Date): Evaluated {
  const unit = def.creditUnit;
  const byName = new Map<FixtureName, WalletCredential>();
  for (const c of wallet) if (c.fixture) byName.set(c.fixture, c);
  const kept = new Set(def.excluded.filter((e) => !e.countsElsewhere).map((e) => e.fixture));
  const eligible = (n: FixtureName) => byName.has(n) && !kept.has(n);
  const used = new Set<FixtureName>();
  const allocation: AllocationEntry[] = [];
  const slotOf: Evaluated["slotOf"] = new Map();
  const groups: GroupProgress[] = [];
  const issuers = new Set<string>();
  let counted = 0;

  for (const g of def.groups) {
    let credits = 0;
    let count = 0;
    let filled = 0;
    let selected = 0;
    const missing: string[] = [];
    const place = (n: FixtureName, slot: string, required: RequiredDef | null) => {
      const c = byName.get(n)!;
      const cr = creditsIn(c.summary, def);
      used.add(n);
      allocation.push({ group: g.id, slot, credential: c.id, credits: cr });
      slotOf.set(c.id, { group: g, required });
      issuers.add(c.summary.issuer);
      credits += cr;
      counted += cr;
      count++;
    };
    (g.required ?? []).forEach((r, i) => {
      const pick = r.fits.find((n) => eligible(n) && !used.has(n));
      if (pick) {
        place(pick, `required/${i}`, r);
        filled++;
      } else {
        missing.push(`the required credential ${r.cond}`);
      }
    });
    if (g.select) {
      for (const n of g.select.fits) {
        if (g.select.max !== null && selected >= g.select.max) break;
        if (eligible(n) && !used.has(n)) {
          place(n, "select", null);
          selected++;
        }
      }
    }
    const requiredTotal = g.required?.length ?? 0;
    let satisfied = filled === requiredTotal;
    if (g.select && selected < g.select.min) {
      satisfied = false;
      missing.push(plural(g.select.min - selected, "more credential", "more credentials"));
    }
    const need = g.minCredits ?? 0;
    if (credits < need) {
      satisfied = false;
      missing.push(`at least ${display(need - credits)} more ${unit}`);
    }
    groups.push({
      id: g.id,
      label: g.label,
      satisfied,
      credits,
      missing,
      count,
      needCount: requiredTotal + (g.select?.min ?? 0),
      needCredits: need,
      requiredFilled: filled,
      requiredTotal,
      selected,
      selectMin: g.select ? g.select.min : null,
      selectMax: g.select ? g.select.max : null,
    });
  }

  const missingTop: string[] = [];
  if (counted < def.minTotalCredits) missingTop.push(`at least ${display(def.minTotalCredits - counted)} more ${unit} in total`);
  if (issuers.size < def.minDistinctIssuers) {
    missingTop.push(`credentials from ${plural(def.minDistinctIssuers - issuers.size, "more issuer", "more issuers")}`);
  }
  const complete = groups.every((g) => g.satisfied) && missingTop.length === 0;

  const excluded: Excluded[] = def.excluded
    .filter((e) => byName.has(e.fixture))
    .map((e) => ({ credential: byName.get(e.fixture)!.id, reasons: e.reasons, detail: e.detail, countsElsewhere: e.countsElsewhere ?? false }));

  return {
    pathway: def.id,
    title: def.title,
    evaluatedAt: dateOnly(at),
    complete,
    creditUnit: unit,
    minTotalCredits: def.minTotalCredits,
    countedCredits: counted,
    maxCountedCredits: counted,
    allocation,
    groups,
    excluded,
    missing: missingTop,
    distinctIssuers: issuers.size,
    minDistinctIssuers: def.minDistinctIssuers,
    plan: complete ? [] : def.impossible ? null : plan(def, groups, counted),
    searchNodes: 17 + allocation.length * 3,
    exact: def.exact ?? true,
    slotOf,
  };
}

/** The fewest new credentials per group (each new one brings between itemCredits.min and .max). */
function plan(def: PathwayDef, groups: GroupProgress[], counted: number): PlanStep[] {
  const { min: itemMin, max: itemMax } = def.itemCredits;
  const steps: (PlanStep & { room: boolean; moreCreditsN: number })[] = [];
  def.groups.forEach((g, i) => {
    const gp = groups[i];
    const openRequired = (g.required ?? [])
      .map((r, j) => ({ r, slot: `required/${j}` }))
      .filter(({ r }) => gp.missing.includes(`the required credential ${r.cond}`));
    const selectShort = g.select ? Math.max(0, g.select.min - gp.selected) : 0;
    let more = openRequired.length + selectShort;
    const short = Math.max(0, (g.minCredits ?? 0) - (gp.credits ?? 0));
    const room = !!g.select && (g.select.max === null || gp.selected + selectShort < g.select.max);
    if (more === 0 && short > 0 && room) more = 1;
    const slotMinimums = openRequired.reduce((sum, { r }) => sum + Math.max(r.minCredits ?? 0, itemMin), 0) + selectShort * itemMin;
    const credits = Math.max(short, slotMinimums, more * itemMin);
    if (more > 0 || short > 0) {
      steps.push({
        group: g.id,
        moreCredentials: more,
        moreCredits: credits,
        moreCreditsN: credits,
        requiredSlots: openRequired.map((x) => x.slot),
        room,
      });
    }
  });
  // Credits still short of the total go where the new credentials have room: electives first.
  let remaining = def.minTotalCredits - counted - steps.reduce((s, x) => s + x.moreCreditsN, 0);
  for (const pass of [true, false]) {
    for (const s of steps) {
      if (remaining <= 0 || s.room !== pass) continue;
      const capacity = s.moreCredentials * itemMax - s.moreCreditsN;
      const add = Math.min(capacity, remaining);
      s.moreCreditsN += add;
      remaining -= add;
    }
  }
  return steps.map(({ group, moreCredentials, moreCreditsN, requiredSlots }) => ({
    group,
    moreCredentials,
    moreCredits: moreCreditsN,
    requiredSlots,
  }));
}

function planWords(def: PathwayDef, step: PlanStep): string {
  const unit = def.creditUnit;
  const g = def.groups.find((x) => x.id === step.group);
  const label = g?.label ?? step.group;
  let text = step.moreCredentials === 0 ? `${label}: no new credential, but` : `${label}: ${plural(step.moreCredentials, "more credential", "more credentials")}`;
  const credits = step.moreCredits ?? 0;
  if (credits > 0) {
    if (step.moreCredentials === 0) text += ` at least ${amount(credits, unit)} more`;
    else if (step.moreCredentials === 1) text += ` worth at least ${amount(credits, unit)}`;
    else text += ` worth at least ${amount(credits, unit)} together`;
  } else if (step.moreCredentials === 0) {
    text += " your credentials placed differently";
  }
  const required = step.requiredSlots
    .map((slot) => g?.required?.[Number(slot.split("/")[1])])
    .filter((r): r is RequiredDef => !!r)
    .map((r) => `a credential ${r.cond}`);
  if (required.length > 0) {
    text += `, ${step.moreCredentials === required.length ? "namely" : "including"} ${required.join("; and ")}`;
  }
  return text;
}

function missingWords(p: Progress): string[] {
  const out: string[] = [];
  for (const g of p.groups) if (g.missing.length > 0) out.push(`${g.label ?? g.id}: ${g.missing.join(", ")}`);
  return [...out, ...p.missing];
}

export function percent(p: Progress): number {
  if (p.complete) return 100;
  const creditShare = p.minTotalCredits ? Math.min(1, (p.countedCredits ?? 0) / p.minTotalCredits) : null;
  const need = p.groups.reduce((s, g) => s + g.needCount, 0);
  const have = p.groups.reduce((s, g) => s + g.requiredFilled + Math.min(g.selected, g.selectMin ?? 0), 0);
  const countShare = need === 0 ? null : have / need;
  const share = creditShare !== null && countShare !== null ? (creditShare + countShare) / 2 : (creditShare ?? countShare ?? 0);
  return Math.min(99, Math.floor(share * 100));
}

export function view(def: PathwayDef, wallet: WalletCredential[], at: Date): PathwayView {
  const { slotOf, ...progress } = evaluate(def, wallet, at);
  const unit = def.creditUnit;
  const groups: GroupView[] = def.groups.map((g, gi) => {
    const gp = progress.groups[gi];
    const counted: Tile[] = progress.allocation
      .filter((a) => a.group === g.id)
      .map((a) => ({ credential: a.credential, slot: a.slot, credits: a.credits }));
    const open: OpenTile[] = [];
    (g.required ?? []).forEach((r, i) => {
      const slot = `required/${i}`;
      if (!counted.some((c) => c.slot === slot)) open.push({ slot, text: `A credential ${r.cond}` });
    });
    if (g.select) {
      for (let i = gp.selected; i < g.select.min; i++) open.push({ slot: "select", text: `An elective: ${g.select.what}` });
    }
    const countsMet = gp.requiredFilled === gp.requiredTotal && (!g.select || gp.selected >= g.select.min);
    const need = g.minCredits ?? 0;
    if (countsMet && (gp.credits ?? 0) < need) {
      const short = need - (gp.credits ?? 0);
      const room = !!g.select && (g.select.max === null || gp.selected < g.select.max);
      open.push({
        slot: "credits",
        text: room
          ? `At least ${amount(short, unit)} more here, from ${g.select!.what}`
          : `At least ${amount(short, unit)} more here: counted credentials worth more would close the gap`,
      });
    }
    return { id: g.id, label: g.label, rule: ruleOf(g, unit), counted, open };
  });

  const today = new Date(`${dateOnly(at)}T00:00:00Z`);
  const expiring: Expiry[] = [];
  for (const a of progress.allocation) {
    const c = wallet.find((w) => w.id === a.credential);
    if (!c) continue;
    const candidates: { date: string; reason: string }[] = [];
    if (c.summary.expires) candidates.push({ date: c.summary.expires.slice(0, 10), reason: "expires" });
    if (c.summary.issued) {
      const limits = [def.maxAgeMonths, slotOf.get(c.id)?.required?.maxAgeMonths ?? null].filter((x): x is number => x !== null);
      for (const max of limits) candidates.push({ date: addMonths(c.summary.issued, max + 1), reason: "too-old" });
    }
    candidates.sort((x, y) => x.date.localeCompare(y.date));
    const first = candidates[0];
    if (!first) continue;
    const after = evaluate(
      def,
      wallet.filter((w) => w.id !== c.id),
      at,
    );
    const before = progress.countedCredits ?? 0;
    const afterCredits = after.countedCredits ?? 0;
    const effect =
      progress.complete && after.complete
        ? "The pathway stays complete without it: your other credentials cover its place."
        : progress.complete
          ? `The pathway would no longer be complete. It would need: ${missingWords(after).join("; ")}.`
          : afterCredits < before
            ? `Counted credits would drop from ${amount(before, unit)} to ${amount(afterCredits, unit)}.`
            : "Your other credentials would take its place; progress stays the same.";
    expiring.push({
      credential: c.id,
      date: first.date,
      reason: first.reason,
      daysLeft: Math.round((new Date(`${first.date}T00:00:00Z`).getTime() - today.getTime()) / DAY),
      completeAfter: after.complete,
      countedCreditsAfter: afterCredits,
      effect,
    });
  }
  expiring.sort((x, y) => x.date.localeCompare(y.date) || x.credential.localeCompare(y.credential));

  return {
    id: def.id,
    title: def.title,
    description: def.description,
    creditUnit: unit,
    minTotalCredits: def.minTotalCredits,
    outcomeCredits: def.outcome.credits,
    outcomeEqfLevel: def.outcome.eqfLevel,
    rules: def.rules,
    groups,
    percent: percent(progress),
    progress,
    expiring: expiring.slice(0, 12),
    plan: progress.plan === null ? null : progress.plan.map((s) => planWords(def, s)),
  };
}

// ---------------------------------------------------------------------------------------------------
// The learner's pathways.

export type InstalledPathway = { def: PathwayDef; info: PathwayInfo };

export function shippedInfo(def: PathwayDef): PathwayInfo {
  return { id: def.id, title: def.title, source: "shipped", addedAt: null, origin: null, sha256: def.sha256 };
}

export function addedInfo(def: PathwayDef, path: string, at: Date): PathwayInfo {
  return { id: def.id, title: def.title, source: "added", addedAt: at.toISOString(), origin: path.replace(/^.*[\\/]/, ""), sha256: def.sha256 };
}

/** The learner's pathways first, then the shipped ones they did not replace (Wallet::pathways). */
export function allPathways(added: InstalledPathway[]): InstalledPathway[] {
  const shipped = SHIPPED.filter((d) => !added.some((a) => a.def.id === d.id)).map((def) => ({ def, info: shippedInfo(def) }));
  return [...added, ...shipped];
}

export function summaryOf(p: InstalledPathway, wallet: WalletCredential[], at: Date): PathwaySummary {
  const { slotOf: _slotOf, ...progress } = evaluate(p.def, wallet, at);
  return {
    info: p.info,
    percent: percent(progress),
    complete: progress.complete,
    creditUnit: p.def.creditUnit,
    countedCredits: progress.countedCredits,
    minTotalCredits: p.def.minTotalCredits,
    counted: progress.allocation.length,
    description: p.def.description,
  };
}

export function pageOf(p: InstalledPathway, wallet: WalletCredential[], at: Date): PathwayPage {
  return { info: p.info, view: view(p.def, wallet, at) };
}

export function countsToward(list: InstalledPathway[], wallet: WalletCredential[], credential: string, at: Date): CountsToward[] {
  const out: CountsToward[] = [];
  for (const p of list) {
    const { slotOf: _slotOf, ...progress } = evaluate(p.def, wallet, at);
    const entry = progress.allocation.find((a) => a.credential === credential);
    const excluded = progress.excluded.find((e) => e.credential === credential);
    if (!entry && !excluded) continue;
    out.push({
      pathway: p.info.id,
      title: p.info.title,
      counts: !!entry,
      group: entry ? (p.def.groups.find((g) => g.id === entry.group)?.label ?? entry.group) : null,
      reason: entry ? null : (excluded?.detail ?? null),
      percent: percent(progress),
      complete: progress.complete,
    });
  }
  return out;
}
