import { type GdapAction, acceptedRoleNames } from "../../domain/gdapRoles";
import { serviceCodeOf } from "../../errors";

/**
 * What a Graph write refused for want of permission needs, to append to the error (empty for any
 * other failure): the app permission in the customer tenant and the GDAP roles of the table.
 */
export const permissionNeeded = (error: unknown, needs: string, action: GdapAction): string =>
  serviceCodeOf(error) === "Authorization_RequestDenied"
    ? ` (${needs} for your app in the customer tenant and, through GDAP, ${acceptedRoleNames(action)})`
    : "";
