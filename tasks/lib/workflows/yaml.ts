/** The YAML library, loaded on first use (its one home is core/yaml.ts: the version sources read workflows too). */
export { yaml } from "../core/yaml.ts";
