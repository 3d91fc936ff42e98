// No imports: the policy pack loads this module too, from its own dependencies.

/**
 * Default app ids of Rewst's multi-tenant apps, from third-party sources (UNCONFIRMED): every tool
 * that uses them (policy pack config, `rewst-csp import`, mappings files) lets users pass their own.
 */
export const REWST_DEFAULT_APP_IDS = {
  /** "Rewst Prod", the enterprise app in the MSP's own tenant. */
  rewstProd: "06bfda05-2d5e-4b3b-ac5d-79f07e402973",
  /** "Rewst CSP Connector", the app CPV consent creates in customer tenants. */
  cspConnector: "9359814a-7403-4af9-9113-d5c8cab020ed",
} as const;
