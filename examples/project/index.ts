// Every customer in mappings.yaml becomes its Rewst client mapping and CPV consent (reviewed in pull
// requests); an invalid file stops the program before anything is declared.
import { declareFromMappings } from "pulumi-rewst-csp";

export const { summary, counts } = declareFromMappings("mappings.yaml");
