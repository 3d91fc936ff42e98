// Rewst client mappings, CPV consents and enterprise applications of Microsoft CSP customer tenants.
package rewstcsp
