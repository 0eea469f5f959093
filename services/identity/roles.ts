import { roleEnum } from "../../db/schema";

export const ROLES = roleEnum.enumValues;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ["store_clerk", "risk_officer", "finance", "collector", "admin"];
