/**
 * Every exit code of `rewst-csp`, in one table. 2 is a usage mistake, as getopt-style tools use it,
 * so a CI step can tell a typo in its own command from what the command found.
 */
export const EXIT = {
  clean: 0,
  error: 1,
  usage: 2,
  mandatoryViolation: 3,
  importPartial: 4,
  drift: 5,
  migrationRefused: 6,
} as const;

/** The table in words, for every help text. */
export const EXIT_CODES_TEXT = `exit codes: ${EXIT.clean} clean; ${EXIT.error} error; ${EXIT.usage} usage mistake; report ${EXIT.drift} drift, ${EXIT.mandatoryViolation} mandatory policy violation; import ${EXIT.importPartial} partial (nothing written); migrate-to-native ${EXIT.migrationRefused} refused (nothing applied)`;
