import { ProviderError } from "../../errors";
import type { MicrosoftServices } from "../../services";

/**
 * Deletes the app's service principal in the customer tenant after its consent was removed, so an
 * offboarded customer keeps no enterprise app of the integration. The principal is looked up by
 * app id (it may have been re-created since the last refresh); one already gone is fine.
 */
export async function removeServicePrincipal(
  microsoft: MicrosoftServices,
  tenantId: string,
  applicationId: string,
): Promise<void> {
  const graph = microsoft.graph(tenantId);
  try {
    const principal = await graph.servicePrincipalByAppId(applicationId);
    if (principal) await graph.deleteServicePrincipal(principal.id);
  } catch (error) {
    const cause = error instanceof Error ? error.message.replace(/^\[[A-Z_]+\] /, "") : String(error);
    const denied = /Authorization_RequestDenied/.test(cause)
      ? " (deleting it needs Application.ReadWrite.All for your app in the customer tenant and a consent-capable GDAP role)"
      : "";
    throw new ProviderError(
      "CONSENT_FAILED",
      `the consent of ${applicationId} in tenant ${tenantId} was removed, but its service principal was not: ${cause}${denied}. ` +
        "Fix the cause and run `pulumi up` again to finish, or set keepServicePrincipal to leave it",
    );
  }
}
