import { parentPort, workerData } from "node:worker_threads";
import { InfeasibleQuotasError } from "./leximin";
import { computeDistribution } from "./lottery";

const { pool, poolHash, slotsTotal } = workerData;
computeDistribution(pool, poolHash, slotsTotal).then(
  (outcome) => parentPort!.postMessage({ ok: true, outcome }),
  (e: unknown) =>
    parentPort!.postMessage(
      e instanceof InfeasibleQuotasError ? { ok: false, infeasible: e.constraint, message: e.message } : { ok: false, message: String((e as Error)?.message ?? e) },
    ),
);
