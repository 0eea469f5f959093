import { DomainError } from "../errors";

/** Test helper: the code of the DomainError `work` fails with; anything else fails the test. */
export async function domainErrorCode(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error("expected a DomainError");
}
