/** Tests use the emulator's own provider settings (kept beside the emulator for benchmarks too). */
export { emulatorSettings } from "../../emulator/providerSettings";
