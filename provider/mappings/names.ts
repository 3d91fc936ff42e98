/** A customer's resource-name stem from its company name (lower-case, digits, dashes), unique within `taken`. */
export function nameFromCompany(company: string, taken: Set<string>): string {
  const stem =
    company
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 50) || "customer";
  let name = stem;
  for (let n = 2; taken.has(name); n++) name = `${stem}-${n}`;
  taken.add(name);
  return name;
}
