import type { DbOrTx } from "../../db/client";
import type { ChannelDeps } from "../repayment/channels/channel-adapters";
import type { DueProcessingDeps } from "../repayment/run-due-processing";
import type { SmsSender } from "../sms";
import { channelAndCollectionSteps } from "./default-due-steps";

/**
 * The one place due processing's dependencies are made: the scheduler (pg-boss worker or
 * the in-process check), the CLI, the finance page, the simulator and the benchmark all
 * call this, so every caller runs the same steps — the core ones plus
 * channelAndCollectionSteps(): every registered channel's steps, then collections.
 * Reminder SMS are recorded through `smsSenderFor` (the portal's services/sms wiring, whose
 * dispatcher sends them after commit; the simulator captures them).
 */
export function createDueProcessingDeps(input: { smsSenderFor: (tx: DbOrTx) => SmsSender; channels?: ChannelDeps }): DueProcessingDeps {
  return {
    smsSenderFor: input.smsSenderFor,
    extraSteps: channelAndCollectionSteps(),
    ...(input.channels ? { channels: input.channels } : {}),
  };
}
