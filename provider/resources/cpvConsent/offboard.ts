import { sameId } from "../../domain/identifiers";
import { ProviderError, causeOf } from "../../errors";
import type { MicrosoftServices } from "../../session/services";
import { permissionNeeded } from "./denied";

/**
 * Deletes the app's service principal in the customer tenant after its consent was removed, so an
 * offboarded customer keeps no enterprise app of the integration, but only the principal this
 * consent created: one it adopted (there before, made by an admin or an earlier integration), or
 * one re-created since under another object id, is kept. One already gone is fine.
 *
 * @returns whether a principal was deleted.
 */
export async function removeServicePrincipal(
  microsoft: MicrosoftServices,
  tenantId: string,
  applicationId: string,
  createdObjectId: string | undefined,
): Promise<boolean> {
  if (!createdObjectId) return false;
  const graph = microsoft.graph(tenantId);
  try {
    const principal = await graph.servicePrincipalByAppId(applicationId);
    if (!principal || !sameId(principal.id, createdObjectId)) return false;
    await graph.deleteServicePrincipal(principal.id);
    return true;
  } catch (error) {
    const cause = causeOf(error);
    const denied = permissionNeeded(
      error,
      "deleting it needs Application.ReadWrite.All",
      "servicePrincipalWrite",
    );
    throw new ProviderError(
      "CONSENT_FAILED",
      `the consent of ${applicationId} in tenant ${tenantId} was removed, but its service principal was not: ${cause}${denied}. ` +
        "Fix the cause and run `pulumi up` again to finish, or set keepServicePrincipal to leave it",
    );
  }
}
