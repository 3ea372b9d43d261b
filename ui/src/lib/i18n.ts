// Every sentence the learner reads, in English and German. English is the reference: German must
// have the same keys (the type checker enforces it). Pick with navigator.languages, English fallback.

export type Lang = "en" | "de";

const en = {
  appName: "Tessera",
  loading: "Opening your wallet…",
  backendUnreachable: "Tessera could not reach its own core. Close the window and open Tessera again.",
  tryAgain: "Try again",

  // First run
  firstRunTitle: "Welcome to Tessera",
  firstRunLead: "Your credentials stay on this computer, encrypted.",
  firstRunKeyring:
    "Tessera keeps the key to your wallet in this computer's keyring, so there is nothing to remember.",
  createWallet: "Create my wallet",
  creatingWallet: "Creating your wallet…",
  usePassphraseInstead: "Use a passphrase instead",
  useKeyringInstead: "Keep the key in this computer's keyring instead",
  passphraseIntro: "Choose a passphrase. You will type it each time you open Tessera.",
  passphraseLabel: "Passphrase",
  passphraseConfirmLabel: "Type the passphrase again",
  passphraseHint: "A few unrelated words are easier to remember and harder to guess than one short word.",
  passphraseWarningTitle: "Write it down somewhere safe.",
  passphraseWarning:
    "If you lose this passphrase, nobody can open your wallet again, not even us: it cannot be recovered. Your credentials would have to be imported again from their issuers.",
  passphraseMismatch: "The two passphrases are not the same.",
  passphraseEmpty: "Choose a passphrase first.",
  strengthLabel: "Strength",
  strengthChecking: "checking…",
  strengthWeakNote: "This passphrase is easy to guess. A longer one is safer.",
  strengthWords: ["very weak", "weak", "fair", "strong", "very strong"],
  showPassphrase: "Show passphrase",

  // Unlock
  unlockTitle: "Open your wallet",
  unlockLead: "Type your passphrase to open your credentials.",
  unlock: "Open",
  unlocking: "Opening…",
  wrongPassphrase: "That passphrase is not right. Nothing was changed; try again.",

  // Library
  libraryTitle: "Your credentials",
  searchLabel: "Search credentials",
  searchPlaceholder: "Search titles, issuers, skills",
  importFiles: "Import files",
  paste: "Paste",
  emptyTitle: "No credentials yet",
  emptyWhat:
    "A credential is a digital certificate: proof, signed by the organisation that awarded it, that you completed a course, passed an exam or learnt a skill. Tessera checks that each one is genuine and keeps it on this computer.",
  emptyWhere:
    "You usually get them from a university, a training provider, an employer or an online course platform, as a file to download (ending in .json or .jwt) or as text to copy. Look for “Open Badge”, “digital credential” or “Europass” where you learnt.",
  emptyHow: "To add one: import the file, drag it onto this window, or paste its text.",
  noMatches: (q: string) => `No credential matches “${q}”.`,
  clearSearch: "Clear search",
  credentialCount: (n: number) => (n === 1 ? "1 credential" : `${n} credentials`),
  shownOf: (shown: number, total: number) => `${shown} of ${total} shown`,
  dropHere: "Drop credential files to import them",
  dropHint: "JSON, JSON-LD, JWT or text files",
  importing: (done: number, total: number) => `Importing ${done} of ${total}…`,
  importingOne: "Importing…",
  dismiss: "Dismiss",
  holderKey: "Your wallet's key",
  issuedOn: (d: string) => `Issued ${d}`,
  expiresOn: (d: string) => `Expires ${d}`,
  expiredOn: (d: string) => `Expired ${d}`,
  eqfChip: (n: number) => `EQF ${n}`,
  creditsChip: (n: string, unit: string | null) => (unit ? `${n} ${unit}` : `${n} credits`),

  // Import summary
  summaryImported: (n: number) => `${n} imported`,
  summaryDuplicate: (n: number) => `${n} already here`,
  summaryRefused: (n: number) => `${n} refused`,
  summaryNothing: "Nothing was imported.",
  refusedInvalid: "the signature does not match",
  refusedGeneric: "it could not be read as a credential",
  importFailed: "The import did not work.",
  dialogFailed: "The file chooser could not be opened.",

  // Paste
  pasteTitle: "Paste a credential",
  pasteLead: "Paste the credential's text: JSON as issued, or a JWT (the long text in three parts separated by dots).",
  pasteLabel: "Credential text",
  pasteImport: "Import",
  pasteEmpty: "Paste the credential's text first.",
  cancel: "Cancel",

  // Status marks
  markVerified: "Verified",
  markExpired: "Expired",
  markRevoked: "Revoked",
  markSuspended: "Suspended",
  markNotYetValid: "Not yet valid",
  markInvalid: "Signature does not match",
  markUnknown: "Could not check offline",
  markUnsigned: "Not signed",
  markVerifiedStatusUnknown: "Whether it was revoked could not be checked offline.",

  // Settings
  settings: "Settings",
  settingsHint: "Settings (Ctrl+,)",
  settingsTitle: "Settings",
  settingsLoadFailed: "The settings could not be loaded.",
  onlineTitle: "Online checks",
  onlineExplain:
    "When on, Tessera may contact issuers' web sites to check keys and whether a credential was withdrawn. When off, nothing leaves your computer; checks use what was last fetched, and say how old it is.",
  onlineStateOn: "On: “Check again” may contact issuers' web sites.",
  onlineStateOff: "Off: nothing leaves your computer.",
  onlineSaving: "Saving…",
  on: "On",
  off: "Off",
  backGeneric: "Back",
  backGenericHint: "Back (Esc)",
  onlineFailed: "The setting could not be changed.",
  registriesTitle: "Trust registries",
  registriesExplain:
    "A list of issuers that an organisation vouches for. A credential from a listed issuer shows the registry's name for it.",
  registriesWhere:
    "You get a registry file from an organisation you trust, such as a university network or a professional body. Tessera reads Digital Credentials Consortium registry files and Tessera issuer lists. Adding or removing one never changes a credential; it only changes what Tessera tells you about its issuer.",
  registriesEmpty: "You have not added any registry yet.",
  registriesLoadFailed: "The registries could not be loaded.",
  addRegistry: "Add a registry file…",
  addingRegistry: "Adding…",
  registryFileFilter: "Trust registries",
  registryIssuers: (n: number) => (n === 1 ? "1 issuer" : `${n} issuers`),
  registryAddedOn: (d: string) => `added ${d}`,
  registryFormats: { "dcc-legacy": "DCC registry", tessera: "Tessera issuer list" } as Record<string, string>,
  registryAdded: (name: string, n: number) => `“${name}” was added. It lists ${n === 1 ? "1 issuer" : `${n} issuers`}.`,
  registryAddFailed: "The registry could not be added.",
  removeRegistry: "Remove",
  removeRegistryLabel: (name: string) => `Remove “${name}”`,
  removeRegistryTitle: "Remove this registry?",
  removeRegistryBody: (name: string) =>
    `Credentials whose issuer only “${name}” lists will no longer show a registry name. You can add the file again later.`,
  removeRegistryConfirm: "Remove",
  registryRemoved: (name: string) => `“${name}” was removed.`,
  registryRemoveFailed: "The registry could not be removed.",

  // Credential page
  back: "Library",
  backHint: "Back to the library (Esc)",
  issuedBy: "Issued by",
  listedIn: (name: string) => `Listed in: ${name}`,
  claimedName: (name: string) => `The issuer calls itself “${name}”.`,
  issued: "Issued",
  expires: "Expires",
  format: "Format",
  importedAt: "Added to the wallet",
  description: "Description",
  criteria: "What it took to earn it",
  whatThisProves: "What this proves",
  claimsTitle: "Claims you hold",
  claimsLead: "You can choose to share the claims marked “can be shared on its own” one by one; the others are always shared.",
  claimSeparately: "can be shared on its own",
  claimAlways: "always shared",
  learningOutcomes: "Learning outcomes",
  skills: "Skills",
  noOutcomes: "The issuer does not list learning outcomes or skills.",
  criticalTitle: "EU critical information",
  criticalLead: "The information every European micro-credential should state.",
  notStated: "not stated by the issuer",
  checksTitle: "Checks",
  checkedAt: (d: string) => `checked ${d}`,
  lastChecked: (d: string) => `Last checked ${d}.`,
  checkAgain: "Check again",
  checking: "Checking…",
  checkHelpOffline: "Online checks are off, so checking again uses only information saved on this computer.",
  checkHelpOfflineLink: "Change this in Settings",
  checkHelpOnline: "Online checks are on: checking again may contact the issuer's web site.",
  statusStates: {
    revocation: { pass: "Not revoked", fail: "Revoked" },
    suspension: { pass: "Not suspended", fail: "Suspended" },
  } as Record<string, { pass: string; fail: string }>,
  statusLine: (state: string, ago: string) => `${state} — checked ${ago}`,
  justNow: "just now",
  noChecks: "No checks were recorded.",
  rawTitle: "Original file",
  rawShow: "Show the original file (read-only)",
  rawLoading: "Loading…",
  delete: "Delete",
  deleteTitle: "Delete this credential?",
  deleteBody: (title: string) =>
    `“${title}” will be removed from this computer. You can import it again later from the original file.`,
  deleteConfirm: "Delete",
  deleted: (title: string) => `“${title}” was deleted.`,
  loadFailed: "This credential could not be opened.",
  learner: "Learner",

  resultPass: "passed",
  resultFail: "failed",
  resultWarn: "warning",
  resultUnknown: "not checked",

  // EU critical information element labels
  critical: {
    learner: "Learner",
    title: "Title",
    country: "Country of the issuer",
    awardingBody: "Awarding body",
    issued: "Date of issue",
    learningOutcomes: "Learning outcomes",
    workload: "Workload",
    level: "Level (EQF)",
    assessment: "Type of assessment",
    participation: "Form of participation",
    qualityAssurance: "Type of quality assurance",
  },
  workloadValue: (credits: string, unit: string | null) =>
    unit ? `${credits} ${unit}` : `${credits} credits (the issuer does not say which kind)`,
  eqfValue: (n: string) => `EQF level ${n}`,
  fieldLabels: {
    issuedBy: "Issued by (on behalf of the awarding body)",
    duration: "Duration",
  } as Record<string, string>,
  yes: "yes",
  no: "no",

  formats: {
    "ob3-di": "Open Badges 3.0",
    "vc-di": "Verifiable Credential",
    "vc-jwt": "Verifiable Credential (JWT)",
    "sd-jwt-vc": "SD-JWT credential",
    "sd-jwt": "SD-JWT",
    ob2: "Open Badges 2.0",
    edc: "European Digital Credential",
  } as Record<string, string>,

  // Checks in plain words: check name → result → sentence
  checkNames: {
    signature: "Signature",
    seal: "Electronic seal",
    "issuer-key": "Issuer's key",
    claims: "Issuer and holder",
    context: "Vocabulary",
    disclosures: "Shared parts",
    validity: "Dates",
    status: "Revocation",
    "status-revocation": "Revocation",
    "status-suspension": "Suspension",
    registry: "Trust registry",
    schema: "Structure",
    certificate: "Seal certificate",
    "holder-binding": "Holder",
    audience: "Audience",
    nonce: "Nonce",
    expiry: "Expiry",
  } as Record<string, string>,
  checkSentences: {
    signature: {
      pass: "The issuer's signature matches: nothing has been changed since it was issued.",
      fail: "The signature does not match: the credential was changed after it was issued, or signed with another key.",
      warn: "The signature was checked, with a reservation.",
      unknown: "The signature could not be checked offline: the issuer's key could not be obtained.",
    },
    seal: {
      pass: "The electronic seal matches: nothing has been changed since it was sealed.",
      fail: "The electronic seal does not match: the credential was changed after it was sealed.",
      warn: "The electronic seal was checked, with a reservation.",
      unknown: "The electronic seal could not be checked offline.",
    },
    "issuer-key": {
      pass: "The key that signed it belongs to the issuer.",
      fail: "The key that signed it does not belong to the issuer it names.",
      warn: "The key that signed it probably belongs to the issuer, with a reservation.",
      unknown: "Could not confirm offline that the signing key belongs to the issuer.",
    },
    claims: {
      pass: "The issuer and learner named in the signed envelope match the credential.",
      fail: "The signed envelope names another issuer or learner than the credential itself.",
      warn: "The issuer and learner were checked, with a reservation.",
      unknown: "Could not compare the issuer and learner named in the envelope.",
    },
    context: {
      pass: "Tessera knows every vocabulary the credential uses.",
      fail: "The credential uses a vocabulary Tessera cannot read.",
      warn: "The credential uses a vocabulary Tessera does not carry; the signature still covers every byte.",
      unknown: "Could not check the vocabularies the credential uses.",
    },
    disclosures: {
      pass: "Every separately shareable part was issued with the credential.",
      fail: "A separately shareable part was not issued with this credential: it was added or changed later.",
      warn: "The separately shareable parts were checked, with a reservation.",
      unknown: "The separately shareable parts could not be checked.",
    },
    validity: {
      pass: "It is within its validity dates.",
      fail: "It is outside its validity dates: expired, or not valid yet.",
      warn: "Its dates need attention.",
      unknown: "Its validity dates could not be checked.",
    },
    "status-revocation": {
      pass: "The issuer has not revoked it.",
      fail: "The issuer has revoked it.",
      warn: "Its revocation status is uncertain.",
      unknown: "Could not check offline whether the issuer has revoked it.",
    },
    "status-suspension": {
      pass: "The issuer has not suspended it.",
      fail: "The issuer has suspended it.",
      warn: "Its suspension status is uncertain.",
      unknown: "Could not check offline whether the issuer has suspended it.",
    },
    status: {
      pass: "Its status with the issuer is fine.",
      fail: "The issuer has withdrawn it.",
      warn: "Its status with the issuer is uncertain.",
      unknown: "Could not check offline its status with the issuer.",
    },
    registry: {
      pass: "The issuer is listed in a trust registry.",
      fail: "The issuer is not accepted by a trust registry.",
      warn: "The issuer was not found in a trust registry. This does not mean it is fake: many genuine issuers are not listed.",
      unknown: "Trust registries could not be consulted offline.",
    },
    schema: {
      pass: "It has the structure its format requires.",
      fail: "It does not have the structure its format requires.",
      warn: "Its structure differs slightly from what its format requires.",
      unknown: "Its structure could not be checked.",
    },
    certificate: {
      pass: "The seal's certificate was valid when it was sealed.",
      fail: "The seal's certificate was not valid when it was sealed.",
      warn: "The seal's certificate was checked, with a reservation.",
      unknown: "The seal's certificate could not be checked offline.",
    },
  } as Record<string, Record<"pass" | "fail" | "warn" | "unknown", string>>,
  checkGeneric: (name: string, result: string) => `${name}: ${result}.`,
};

export type Dict = typeof en;

const de: Dict = {
  appName: "Tessera",
  loading: "Deine Wallet wird geöffnet…",
  backendUnreachable: "Tessera erreicht seinen eigenen Kern nicht. Schließe das Fenster und öffne Tessera erneut.",
  tryAgain: "Erneut versuchen",

  firstRunTitle: "Willkommen bei Tessera",
  firstRunLead: "Deine Nachweise bleiben verschlüsselt auf diesem Computer.",
  firstRunKeyring:
    "Tessera bewahrt den Schlüssel deiner Wallet im Schlüsselbund dieses Computers auf. Du musst dir nichts merken.",
  createWallet: "Meine Wallet anlegen",
  creatingWallet: "Deine Wallet wird angelegt…",
  usePassphraseInstead: "Stattdessen eine Passphrase verwenden",
  useKeyringInstead: "Stattdessen den Schlüsselbund dieses Computers verwenden",
  passphraseIntro: "Wähle eine Passphrase. Du gibst sie jedes Mal ein, wenn du Tessera öffnest.",
  passphraseLabel: "Passphrase",
  passphraseConfirmLabel: "Passphrase wiederholen",
  passphraseHint: "Ein paar unzusammenhängende Wörter sind leichter zu merken und schwerer zu erraten als ein kurzes Wort.",
  passphraseWarningTitle: "Schreib sie an einem sicheren Ort auf.",
  passphraseWarning:
    "Wenn du diese Passphrase verlierst, kann niemand deine Wallet wieder öffnen, auch wir nicht: Sie lässt sich nicht wiederherstellen. Deine Nachweise müsstest du dann erneut von den Ausstellern importieren.",
  passphraseMismatch: "Die beiden Passphrasen stimmen nicht überein.",
  passphraseEmpty: "Wähle zuerst eine Passphrase.",
  strengthLabel: "Stärke",
  strengthChecking: "wird geprüft…",
  strengthWeakNote: "Diese Passphrase ist leicht zu erraten. Eine längere ist sicherer.",
  strengthWords: ["sehr schwach", "schwach", "mittel", "stark", "sehr stark"],
  showPassphrase: "Passphrase anzeigen",

  unlockTitle: "Wallet öffnen",
  unlockLead: "Gib deine Passphrase ein, um deine Nachweise zu öffnen.",
  unlock: "Öffnen",
  unlocking: "Wird geöffnet…",
  wrongPassphrase: "Diese Passphrase stimmt nicht. Es wurde nichts verändert; versuche es noch einmal.",

  libraryTitle: "Deine Nachweise",
  searchLabel: "Nachweise durchsuchen",
  searchPlaceholder: "Titel, Aussteller, Kompetenzen suchen",
  importFiles: "Dateien importieren",
  paste: "Einfügen",
  emptyTitle: "Noch keine Nachweise",
  emptyWhat:
    "Ein Nachweis ist ein digitales Zertifikat: ein von der ausstellenden Organisation signierter Beleg, dass du einen Kurs abgeschlossen, eine Prüfung bestanden oder eine Kompetenz erworben hast. Tessera prüft, ob er echt ist, und bewahrt ihn auf diesem Computer auf.",
  emptyWhere:
    "Du erhältst sie meist von einer Hochschule, einem Weiterbildungsanbieter, einem Arbeitgeber oder einer Online-Lernplattform, als Datei zum Herunterladen (mit der Endung .json oder .jwt) oder als Text zum Kopieren. Achte dort auf „Open Badge“, „digitaler Nachweis“ oder „Europass“.",
  emptyHow: "So fügst du einen hinzu: Datei importieren, auf dieses Fenster ziehen oder den Text einfügen.",
  noMatches: (q: string) => `Kein Nachweis passt zu „${q}“.`,
  clearSearch: "Suche leeren",
  credentialCount: (n: number) => (n === 1 ? "1 Nachweis" : `${n} Nachweise`),
  shownOf: (shown: number, total: number) => `${shown} von ${total} angezeigt`,
  dropHere: "Nachweis-Dateien hier ablegen, um sie zu importieren",
  dropHint: "JSON-, JSON-LD-, JWT- oder Textdateien",
  importing: (done: number, total: number) => `Importiere ${done} von ${total}…`,
  importingOne: "Wird importiert…",
  dismiss: "Schließen",
  holderKey: "Schlüssel deiner Wallet",
  issuedOn: (d: string) => `Ausgestellt am ${d}`,
  expiresOn: (d: string) => `Gültig bis ${d}`,
  expiredOn: (d: string) => `Abgelaufen am ${d}`,
  eqfChip: (n: number) => `EQR ${n}`,
  creditsChip: (n: string, unit: string | null) => (unit ? `${n} ${unit}` : `${n} Credits`),

  summaryImported: (n: number) => `${n} importiert`,
  summaryDuplicate: (n: number) => `${n} schon vorhanden`,
  summaryRefused: (n: number) => `${n} abgelehnt`,
  summaryNothing: "Es wurde nichts importiert.",
  refusedInvalid: "die Signatur stimmt nicht",
  refusedGeneric: "sie ließ sich nicht als Nachweis lesen",
  importFailed: "Der Import hat nicht funktioniert.",
  dialogFailed: "Die Dateiauswahl ließ sich nicht öffnen.",

  pasteTitle: "Nachweis einfügen",
  pasteLead: "Füge den Text des Nachweises ein: JSON wie ausgestellt oder ein JWT (der lange, durch Punkte dreigeteilte Text).",
  pasteLabel: "Text des Nachweises",
  pasteImport: "Importieren",
  pasteEmpty: "Füge zuerst den Text des Nachweises ein.",
  cancel: "Abbrechen",

  markVerified: "Geprüft",
  markExpired: "Abgelaufen",
  markRevoked: "Widerrufen",
  markSuspended: "Ausgesetzt",
  markNotYetValid: "Noch nicht gültig",
  markInvalid: "Signatur stimmt nicht",
  markUnknown: "Offline nicht prüfbar",
  markUnsigned: "Nicht signiert",
  markVerifiedStatusUnknown: "Ob er widerrufen wurde, ließ sich offline nicht prüfen.",

  settings: "Einstellungen",
  settingsHint: "Einstellungen (Strg+,)",
  settingsTitle: "Einstellungen",
  settingsLoadFailed: "Die Einstellungen ließen sich nicht laden.",
  onlineTitle: "Online-Prüfungen",
  onlineExplain:
    "Wenn eingeschaltet, darf Tessera die Websites der Aussteller kontaktieren, um Schlüssel zu prüfen und ob ein Nachweis zurückgezogen wurde. Wenn ausgeschaltet, verlässt nichts deinen Computer; die Prüfungen verwenden, was zuletzt abgerufen wurde, und sagen, wie alt es ist.",
  onlineStateOn: "An: „Erneut prüfen“ darf die Websites der Aussteller kontaktieren.",
  onlineStateOff: "Aus: Nichts verlässt deinen Computer.",
  onlineSaving: "Wird gespeichert…",
  on: "An",
  off: "Aus",
  backGeneric: "Zurück",
  backGenericHint: "Zurück (Esc)",
  onlineFailed: "Die Einstellung ließ sich nicht ändern.",
  registriesTitle: "Vertrauensregister",
  registriesExplain:
    "Eine Liste von Ausstellern, für die eine Organisation bürgt. Bei einem Nachweis eines verzeichneten Ausstellers zeigt Tessera den Namen, den das Register ihm gibt.",
  registriesWhere:
    "Eine Registerdatei bekommst du von einer Organisation, der du vertraust, etwa einem Hochschulverbund oder einem Berufsverband. Tessera liest Registerdateien des Digital Credentials Consortium und Tessera-Ausstellerlisten. Ein Register hinzuzufügen oder zu entfernen verändert keinen Nachweis, nur das, was Tessera dir über seinen Aussteller sagt.",
  registriesEmpty: "Du hast noch kein Register hinzugefügt.",
  registriesLoadFailed: "Die Register ließen sich nicht laden.",
  addRegistry: "Registerdatei hinzufügen…",
  addingRegistry: "Wird hinzugefügt…",
  registryFileFilter: "Vertrauensregister",
  registryIssuers: (n: number) => (n === 1 ? "1 Aussteller" : `${n} Aussteller`),
  registryAddedOn: (d: string) => `hinzugefügt am ${d}`,
  registryFormats: { "dcc-legacy": "DCC-Register", tessera: "Tessera-Ausstellerliste" },
  registryAdded: (name: string, n: number) => `„${name}“ wurde hinzugefügt. Es verzeichnet ${n} Aussteller.`,
  registryAddFailed: "Das Register ließ sich nicht hinzufügen.",
  removeRegistry: "Entfernen",
  removeRegistryLabel: (name: string) => `„${name}“ entfernen`,
  removeRegistryTitle: "Dieses Register entfernen?",
  removeRegistryBody: (name: string) =>
    `Nachweise, deren Aussteller nur „${name}“ verzeichnet, zeigen dann keinen Registernamen mehr. Du kannst die Datei später wieder hinzufügen.`,
  removeRegistryConfirm: "Entfernen",
  registryRemoved: (name: string) => `„${name}“ wurde entfernt.`,
  registryRemoveFailed: "Das Register ließ sich nicht entfernen.",

  back: "Übersicht",
  backHint: "Zurück zur Übersicht (Esc)",
  issuedBy: "Ausgestellt von",
  listedIn: (name: string) => `Verzeichnet in: ${name}`,
  claimedName: (name: string) => `Der Aussteller nennt sich selbst „${name}“.`,
  issued: "Ausgestellt",
  expires: "Gültig bis",
  format: "Format",
  importedAt: "Zur Wallet hinzugefügt",
  description: "Beschreibung",
  criteria: "Was dafür nötig war",
  whatThisProves: "Was das belegt",
  claimsTitle: "Ihre Angaben",
  claimsLead: "Angaben mit „einzeln teilbar“ können Sie einzeln freigeben; die übrigen werden immer mitgeteilt.",
  claimSeparately: "einzeln teilbar",
  claimAlways: "immer mitgeteilt",
  learningOutcomes: "Lernergebnisse",
  skills: "Kompetenzen",
  noOutcomes: "Der Aussteller nennt keine Lernergebnisse oder Kompetenzen.",
  criticalTitle: "Wesentliche Angaben (EU)",
  criticalLead: "Die Angaben, die jeder europäische Micro-Credential enthalten sollte.",
  notStated: "vom Aussteller nicht angegeben",
  checksTitle: "Prüfungen",
  checkedAt: (d: string) => `geprüft ${d}`,
  lastChecked: (d: string) => `Zuletzt geprüft ${d}.`,
  checkAgain: "Erneut prüfen",
  checking: "Wird geprüft…",
  checkHelpOffline: "Online-Prüfungen sind aus: Erneutes Prüfen verwendet nur Informationen, die auf diesem Computer gespeichert sind.",
  checkHelpOfflineLink: "In den Einstellungen ändern",
  checkHelpOnline: "Online-Prüfungen sind an: Erneutes Prüfen kann die Website des Ausstellers kontaktieren.",
  statusStates: {
    revocation: { pass: "Nicht widerrufen", fail: "Widerrufen" },
    suspension: { pass: "Nicht ausgesetzt", fail: "Ausgesetzt" },
  },
  statusLine: (state: string, ago: string) => `${state} — geprüft ${ago}`,
  justNow: "gerade eben",
  noChecks: "Es wurden keine Prüfungen aufgezeichnet.",
  rawTitle: "Originaldatei",
  rawShow: "Originaldatei anzeigen (nur lesen)",
  rawLoading: "Wird geladen…",
  delete: "Löschen",
  deleteTitle: "Diesen Nachweis löschen?",
  deleteBody: (title: string) =>
    `„${title}“ wird von diesem Computer entfernt. Du kannst ihn später aus der Originaldatei erneut importieren.`,
  deleteConfirm: "Löschen",
  deleted: (title: string) => `„${title}“ wurde gelöscht.`,
  loadFailed: "Dieser Nachweis ließ sich nicht öffnen.",
  learner: "Lernende Person",

  resultPass: "bestanden",
  resultFail: "nicht bestanden",
  resultWarn: "Hinweis",
  resultUnknown: "nicht geprüft",

  critical: {
    learner: "Lernende Person",
    title: "Titel",
    country: "Land des Ausstellers",
    awardingBody: "Vergebende Stelle",
    issued: "Ausstellungsdatum",
    learningOutcomes: "Lernergebnisse",
    workload: "Arbeitsaufwand",
    level: "Niveau (EQR)",
    assessment: "Art der Prüfung",
    participation: "Form der Teilnahme",
    qualityAssurance: "Art der Qualitätssicherung",
  },
  workloadValue: (credits: string, unit: string | null) =>
    unit ? `${credits} ${unit}` : `${credits} Credits (der Aussteller sagt nicht, welche Art)`,
  eqfValue: (n: string) => `EQR-Niveau ${n}`,
  fieldLabels: {
    issuedBy: "Ausgestellt von (im Auftrag der vergebenden Stelle)",
    duration: "Dauer",
  },
  yes: "ja",
  no: "nein",

  formats: {
    "ob3-di": "Open Badges 3.0",
    "vc-di": "Verifiable Credential",
    "vc-jwt": "Verifiable Credential (JWT)",
    "sd-jwt-vc": "SD-JWT-Nachweis",
    "sd-jwt": "SD-JWT",
    ob2: "Open Badges 2.0",
    edc: "Europäischer digitaler Nachweis",
  },

  checkNames: {
    signature: "Signatur",
    seal: "Elektronisches Siegel",
    "issuer-key": "Schlüssel des Ausstellers",
    claims: "Aussteller und Inhaber",
    context: "Vokabular",
    disclosures: "Teilbare Angaben",
    validity: "Gültigkeit",
    status: "Widerruf",
    "status-revocation": "Widerruf",
    "status-suspension": "Aussetzung",
    registry: "Vertrauensregister",
    schema: "Aufbau",
    certificate: "Siegelzertifikat",
    "holder-binding": "Inhaber",
    audience: "Empfänger",
    nonce: "Nonce",
    expiry: "Ablauf",
  },
  checkSentences: {
    signature: {
      pass: "Die Signatur des Ausstellers stimmt: Seit der Ausstellung wurde nichts verändert.",
      fail: "Die Signatur stimmt nicht: Der Nachweis wurde nach der Ausstellung verändert oder mit einem anderen Schlüssel signiert.",
      warn: "Die Signatur wurde geprüft, mit einem Vorbehalt.",
      unknown: "Die Signatur ließ sich offline nicht prüfen: Der Schlüssel des Ausstellers war nicht erhältlich.",
    },
    seal: {
      pass: "Das elektronische Siegel stimmt: Seit der Besiegelung wurde nichts verändert.",
      fail: "Das elektronische Siegel stimmt nicht: Der Nachweis wurde nach der Besiegelung verändert.",
      warn: "Das elektronische Siegel wurde geprüft, mit einem Vorbehalt.",
      unknown: "Das elektronische Siegel ließ sich offline nicht prüfen.",
    },
    "issuer-key": {
      pass: "Der signierende Schlüssel gehört dem Aussteller.",
      fail: "Der signierende Schlüssel gehört nicht dem genannten Aussteller.",
      warn: "Der signierende Schlüssel gehört wahrscheinlich dem Aussteller, mit einem Vorbehalt.",
      unknown: "Offline ließ sich nicht bestätigen, dass der Schlüssel dem Aussteller gehört.",
    },
    claims: {
      pass: "Aussteller und Inhaber im signierten Umschlag stimmen mit dem Nachweis überein.",
      fail: "Der signierte Umschlag nennt einen anderen Aussteller oder Inhaber als der Nachweis selbst.",
      warn: "Aussteller und Inhaber wurden geprüft, mit einem Vorbehalt.",
      unknown: "Aussteller und Inhaber im Umschlag ließen sich nicht vergleichen.",
    },
    context: {
      pass: "Tessera kennt jedes Vokabular, das der Nachweis verwendet.",
      fail: "Der Nachweis verwendet ein Vokabular, das Tessera nicht lesen kann.",
      warn: "Der Nachweis verwendet ein Vokabular, das Tessera nicht mitbringt; die Signatur deckt trotzdem jedes Byte ab.",
      unknown: "Die Vokabulare des Nachweises ließen sich nicht prüfen.",
    },
    disclosures: {
      pass: "Jede einzeln teilbare Angabe wurde mit dem Nachweis ausgestellt.",
      fail: "Eine einzeln teilbare Angabe gehört nicht zu diesem Nachweis: Sie wurde später hinzugefügt oder verändert.",
      warn: "Die einzeln teilbaren Angaben wurden geprüft, mit einem Vorbehalt.",
      unknown: "Die einzeln teilbaren Angaben ließen sich nicht prüfen.",
    },
    validity: {
      pass: "Er ist innerhalb seines Gültigkeitszeitraums.",
      fail: "Er ist außerhalb seines Gültigkeitszeitraums: abgelaufen oder noch nicht gültig.",
      warn: "Seine Daten verdienen Aufmerksamkeit.",
      unknown: "Sein Gültigkeitszeitraum ließ sich nicht prüfen.",
    },
    "status-revocation": {
      pass: "Der Aussteller hat ihn nicht widerrufen.",
      fail: "Der Aussteller hat ihn widerrufen.",
      warn: "Ob er widerrufen wurde, ist unsicher.",
      unknown: "Offline ließ sich nicht prüfen, ob der Aussteller ihn widerrufen hat.",
    },
    "status-suspension": {
      pass: "Der Aussteller hat ihn nicht ausgesetzt.",
      fail: "Der Aussteller hat ihn ausgesetzt.",
      warn: "Ob er ausgesetzt wurde, ist unsicher.",
      unknown: "Offline ließ sich nicht prüfen, ob der Aussteller ihn ausgesetzt hat.",
    },
    status: {
      pass: "Sein Status beim Aussteller ist in Ordnung.",
      fail: "Der Aussteller hat ihn zurückgezogen.",
      warn: "Sein Status beim Aussteller ist unsicher.",
      unknown: "Sein Status beim Aussteller ließ sich offline nicht prüfen.",
    },
    registry: {
      pass: "Der Aussteller steht in einem Vertrauensregister.",
      fail: "Der Aussteller wird von einem Vertrauensregister nicht anerkannt.",
      warn: "Der Aussteller wurde in keinem Vertrauensregister gefunden. Das heißt nicht, dass er unecht ist: Viele echte Aussteller sind nicht verzeichnet.",
      unknown: "Vertrauensregister ließen sich offline nicht abfragen.",
    },
    schema: {
      pass: "Er hat den Aufbau, den sein Format verlangt.",
      fail: "Er hat nicht den Aufbau, den sein Format verlangt.",
      warn: "Sein Aufbau weicht leicht von dem ab, was sein Format verlangt.",
      unknown: "Sein Aufbau ließ sich nicht prüfen.",
    },
    certificate: {
      pass: "Das Zertifikat des Siegels war bei der Besiegelung gültig.",
      fail: "Das Zertifikat des Siegels war bei der Besiegelung nicht gültig.",
      warn: "Das Zertifikat des Siegels wurde geprüft, mit einem Vorbehalt.",
      unknown: "Das Zertifikat des Siegels ließ sich offline nicht prüfen.",
    },
  },
  checkGeneric: (name: string, result: string) => `${name}: ${result}.`,
};

const dictionaries: Record<Lang, Dict> = { en, de };

/** The first supported language among the learner's preferences; English when none is. */
export function pickLang(preferences: readonly string[] | undefined | null): Lang {
  for (const p of preferences ?? []) {
    const base = p.toLowerCase().split(/[-_]/)[0];
    if (base === "en" || base === "de") return base;
  }
  return "en";
}

export function messages(lang: Lang): Dict {
  return dictionaries[lang];
}

function browserPreferences(): string[] {
  if (typeof navigator === "undefined") return [];
  if (navigator.languages && navigator.languages.length > 0) return [...navigator.languages];
  return navigator.language ? [navigator.language] : [];
}

/** The learner's language, fixed for the session. */
export const lang: Lang = pickLang(browserPreferences());
/** The learner's strings. */
export const t: Dict = messages(lang);
/** The learner's preferred language tags, most preferred first (for multilingual credential fields). */
export const preferredLanguages: string[] = browserPreferences();

/** The locale for dates and numbers: the learner's own tag for the chosen language (en-GB, de-AT…). */
export function pickLocale(chosen: Lang, preferences: readonly string[]): string {
  const own = preferences.find((p) => p.toLowerCase().split(/[-_]/)[0] === chosen);
  if (own && own.includes("-")) return own;
  return chosen === "en" ? "en-GB" : "de-DE";
}

export const locale: string = pickLocale(lang, preferredLanguages);
