// Bundled to one script and injected before the app loads by the screenshot suite (tests/e2e-mock).
import { installMockBackend } from "./backend";

installMockBackend(window.__TESSERA_MOCK_OPTIONS__ ?? {});
