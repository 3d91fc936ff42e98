// No imports: the policy pack loads this module too, from its own dependencies.

/**
 * Default app ids of Rewst's multi-tenant apps. Only the MS Cloud Connector's is published by Rewst
 * (its troubleshooting guide quotes it); the others come from third-party sources (UNCONFIRMED).
 * Every tool that uses them (policy pack config, `rewst-csp import`, mappings files) lets users
 * pass their own.
 */
export const REWST_DEFAULT_APP_IDS = {
  /** "Rewst MS Cloud Connector", the current bundle app (since 2024). */
  msCloudConnector: "2bfb92c3-5845-4776-a1ad-5398acdf285e",
  /** "Rewst Prod", the enterprise app in the MSP's own tenant (login; scheduled for deprecation). */
  rewstProd: "06bfda05-2d5e-4b3b-ac5d-79f07e402973",
  /** "Rewst CSP Connector", the app CPV consent creates in customer tenants (before the bundle). */
  cspConnector: "9359814a-7403-4af9-9113-d5c8cab020ed",
  /** "Rewst Azure Integration" (an earlier, separate integration). */
  azureIntegration: "c19d36e8-6537-4998-9872-ea8b962bd0b6",
} as const;

const ids = REWST_DEFAULT_APP_IDS;

/**
 * Which apps play which part, current generation first. Reinstalling the integration deletes and
 * re-creates a principal by design, and an upgrade to the bundle leaves the older apps behind.
 */
export const REWST_APP_GENERATIONS = {
  /** Apps of the MSP's own tenant that sign Rewst in: either generation satisfies `rewst-prod-sp-*`. */
  partnerTenant: [ids.msCloudConnector, ids.rewstProd],
  /** Apps consented in customer tenants: either generation is "the connector". */
  connector: [ids.msCloudConnector, ids.cspConnector],
  /** Apps of earlier generations: in a customer tenant consented to a newer one, leftovers. */
  legacy: [ids.cspConnector, ids.rewstProd, ids.azureIntegration],
} as const;
