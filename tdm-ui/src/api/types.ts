// Named types of the API's schemas (generated in schema.d.ts from the OpenAPI document).
import type { components, operations, paths } from "./schema";

export type { components, operations, paths };

/** Every schema of the API by name: `Schema<"JobDetail">`. */
export type Schemas = components["schemas"];
export type Schema<Name extends keyof Schemas> = Schemas[Name];

/** The query parameters of an operation: `QueryOf<"list_jobs">`. */
export type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]["parameters"]["query"]>;

export type WhoAmI = Schema<"WhoAmI">;
export type JobSummary = Schema<"JobSummary">;
export type JobDetail = Schema<"JobDetail">;
export type JobLog = Schema<"JobLogOut">;
export type JobResult = Schema<"JobResult">;
export type JobAccepted = Schema<"JobAccepted">;
export type JobAction = Schema<"JobAction">;
export interface Page<Item> {
  items: Item[];
  total: number;
  limit: number;
  offset: number;
}
